// Labelled tone cases, written as a sales coach would judge them against METHOD.md sections 3 and 4,
// before looking at what the guard says. Each case names the rule it should trip (or null: fine to
// send) and why. These are the cases the rules were tuned on; tone-cases-holdout.ts holds a third
// more, written the same way, that were never looked at while tuning.
import { letter as l, type ToneCase } from './tone-cases-deals.js';

const accountability: ToneCase[] = [
  {
    id: 'acc-good-mueller',
    kind: 'accountability',
    deal: 'mueller',
    subject: 'The works council',
    body: l(
      'Hallo Jürgen,',
      [
        'When we met in Stuttgart you told me you would take the proposal to the works council by Friday, November 20. ' +
          "I haven't heard back since, so let me ask plainly: what happened?",
        'If a concern came up in the meeting, I would much rather hear it straight, even if the answer is no.',
      ],
      'Viele Grüße,\nSam Rivera',
    ),
    expect: null,
    reason: 'names their commitment in their words, asks plainly, no re-selling',
  },
  {
    id: 'acc-good-fjord-negated-resell',
    kind: 'accountability',
    deal: 'fjord',
    subject: 'The pilot sign-off',
    body: l(
      'Hi Ingrid,',
      [
        'Back in October you said you would get the CFO to sign off on the pilot for the Bergen terminal. ' +
          "It has gone quiet since then. I won't send you more material; I'd just like to know: what happened on your " +
          'side?',
        'A one-line answer is plenty, and a no is a perfectly good answer.',
      ],
      'Best,\nLena Park',
    ),
    expect: null,
    reason: 'negated re-selling ("I won\'t send you more material") is the opposite of re-selling',
  },
  {
    id: 'acc-good-cafe',
    kind: 'accountability',
    deal: 'cafe',
    subject: 'Le bon de commande',
    body: l(
      'Bonjour Camille,',
      [
        'When we tasted the new menu together you told me you would send back the signed order form the following ' +
          'week. ' +
          'I have not received it, and I would like to understand: did something change?',
        'Whatever the reason, a short reply telling me where things stand helps me a lot. Merci!',
      ],
      'Théo Martin',
    ),
    expect: null,
    reason: 'plain reminder of the signed order form, one question, one exclamation mark is fine',
  },
  {
    id: 'acc-good-alnoor-emoji',
    kind: 'accountability',
    deal: 'alnoor',
    subject: 'The quote for your partners',
    body: l(
      'Hi Fatima,',
      [
        'You mentioned you would present the quote to your partners after the Dubai trip. ' +
          "I haven't heard anything since, so I wanted to ask you directly: what happened with the partners? 🙂",
        'If the numbers were the problem, tell me; it is much easier to fix what I know about.',
      ],
      'Thanks,\nOmar Haddad',
    ),
    expect: null,
    reason: 'names the commitment, asks plainly; an emoji is not a problem',
  },
  {
    id: 'acc-good-initech-name-inc',
    kind: 'accountability',
    deal: 'initech',
    subject: 'Security review',
    body: l(
      'Hi Peter,',
      [
        'When we last talked, you said you would book the security review with your IT team so Initech Systems Inc. ' +
          'could ' +
          'move ahead in January. I have not seen an invite, so I wanted to ask: what happened?',
        'If the review raised something, I would rather hear it now than guess.',
      ],
      'Best regards,\nJoanna Kowalski',
    ),
    expect: null,
    reason: 'the legal name written exactly as the deal holds it, with its dot',
  },
  {
    id: 'acc-good-scunthorpe',
    kind: 'accountability',
    deal: 'scunthorpe',
    subject: 'The second-shift trial',
    body: l(
      'Hi Gareth,',
      [
        'At the Scunthorpe site you told me you would run the trial with the second shift, and that a first-class weld ' +
          "assessment on every batch was what the plant manager wanted. I haven't heard back since. What happened?",
        'If the trial showed a problem, that is worth knowing too.',
      ],
      'Cheers,\nLena Park',
    ),
    expect: null,
    reason: 'Scunthorpe, first-class and assessment are not profanity',
  },
  {
    id: 'acc-good-short-50',
    kind: 'accountability',
    deal: 'sakura',
    subject: 'The pilot results',
    body: l(
      'Hi Yuki,',
      [
        'In Osaka you told me you would share the pilot results with head office before the end of the month. ' +
          "I haven't heard back since, so I'd like to ask plainly: what happened? A one-line reply is plenty, and a no " +
          'is fine too.',
      ],
      'Best regards,\nSam Rivera',
    ),
    expect: null,
    reason: 'short but complete: commitment, plain question, within the accountability range',
  },
  {
    id: 'acc-good-short-initech',
    kind: 'accountability',
    deal: 'initech',
    subject: 'The security review',
    body: l(
      'Hi Peter,',
      [
        'You told me you would book the security review with your IT team. It has gone quiet since, so: what ' +
          'happened? A one-line answer is plenty.',
      ],
      'Thanks,\nJoanna Kowalski',
    ),
    expect: null,
    reason: "about 35 words and complete: a short note is the method's own example",
  },
  {
    id: 'acc-too-short-alnoor',
    kind: 'accountability',
    deal: 'alnoor',
    subject: 'Partners',
    body: l('Fatima,', ['The quote to your partners: what happened? Let me know.'], 'Omar'),
    expect: 'too-short',
    reason: 'a telegram: no greeting worth the name, no courtesy, about a dozen words',
  },
  {
    id: 'acc-good-obyrne-article-an',
    kind: 'accountability',
    deal: 'obyrne',
    subject: 'The partners meeting',
    body: l(
      'Hi Siobhán,',
      [
        'You told me you would talk to the partners about moving to the new billing system at the November meeting. ' +
          "It has been an hour's worth of silence stretched over three weeks, so I'll ask plainly: what happened?",
        'If it is a no for now, that is a useful answer too.',
      ],
      'Kind regards,\nAoife Kelly',
    ),
    expect: null,
    reason: '"an hour" is correct English, not a template seam',
  },
  {
    id: 'acc-good-patel-ltd',
    kind: 'accountability',
    deal: 'patel',
    subject: 'Order quantities',
    body: l(
      'Dear Priya,',
      [
        'When we spoke in Surat, you said you would confirm the order quantities with your plant head so Patel ' +
          'Textiles Pvt. Ltd. ' +
          'could lock the spring schedule. I have not heard back since.',
        'Could you tell me what happened? If the quantities changed, a rough figure is enough for now.',
      ],
      'Warm regards,\nArjun Mehta',
    ),
    expect: null,
    reason: 'abbreviations with dots (Pvt. Ltd.) are not doubled punctuation',
  },
  {
    id: 'acc-good-padaria',
    kind: 'accountability',
    deal: 'padaria',
    subject: 'A aprovação',
    body: l(
      'Olá João,',
      [
        'When we visited the Porto bakery, you said you would get approval from the regional directors for the waste ' +
          'pilot. ' +
          "I haven't heard back in a few weeks, so let me simply ask: what happened with the directors?",
        'A short reply either way helps me plan.',
      ],
      'Obrigada,\nMarta Silva',
    ),
    expect: null,
    reason: 'complete, polite accountability note with a non-English greeting',
  },
  {
    id: 'acc-resell-deck',
    kind: 'accountability',
    deal: 'acme',
    subject: 'A new deck for you',
    body: l(
      'Hi Dana,',
      [
        'You told me you would present the proposal to the VP of Sales by Friday. What happened?',
        "In the meantime I've put together a fresh ROI deck and two new case studies, and attached our updated " +
          'brochure so you ' +
          'have everything you need for the VP.',
      ],
      'Best,\nSam Rivera',
    ),
    expect: 'resell',
    reason: 'new deck, case studies and brochure: the urge METHOD.md 3 warns against',
  },
  {
    id: 'acc-resell-show-you',
    kind: 'accountability',
    deal: 'initech',
    subject: 'Security review',
    body: l(
      'Hi Peter,',
      [
        'You said you would book the security review with your IT team. Where are we on that?',
        'Also, let me show you the new single sign-on module we released last month: it answers most security ' +
          'questions before ' +
          'they are asked. Could I walk you through it for 20 minutes?',
      ],
      'Best,\nJoanna Kowalski',
    ),
    expect: 'resell',
    reason: '"let me show you" a new module instead of asking what happened',
  },
  {
    id: 'acc-resell-features',
    kind: 'accountability',
    deal: 'fjord',
    subject: 'Pilot update',
    body: l(
      'Hi Ingrid,',
      [
        'You said you would get the CFO to sign off on the pilot. What happened?',
        'Since we last spoke we have added three new features your CFO will love: live berth planning, automatic ' +
          'invoices and ' +
          'a mobile app for the harbour crew. I have attached a one-pager.',
      ],
      'Best,\nLena Park',
    ),
    expect: 'resell',
    reason: 'lists new features and an attachment in an accountability note',
  },
  {
    id: 'acc-per-my-last-3',
    kind: 'accountability',
    deal: 'mueller',
    subject: 'Follow-up',
    body: l(
      'Hallo Jürgen,',
      [
        'Per my last 3 emails, you told me you would take the proposal to the works council by Friday. ' +
          'I still have no answer, so: what happened?',
        'Please let me know where things stand.',
      ],
      'Sam Rivera',
    ),
    expect: 'antagonism',
    reason: '"per my last 3 emails" is passive-aggressive whatever the number',
  },
  {
    id: 'acc-as-i-previously-mentioned',
    kind: 'accountability',
    deal: 'patel',
    subject: 'Order quantities',
    body: l(
      'Dear Priya,',
      [
        'As I previously mentioned, you agreed to confirm the order quantities with your plant head. ' +
          'That was three weeks ago. What happened?',
        'I need the figures to reserve capacity for your spring orders.',
      ],
      'Arjun Mehta',
    ),
    expect: 'antagonism',
    reason: '"as I previously mentioned" scolds the reader',
  },
  {
    id: 'acc-sarcasm-too-busy',
    kind: 'accountability',
    deal: 'cafe',
    subject: 'Toujours là ?',
    body: l(
      'Bonjour Camille,',
      [
        'I guess you are too busy to send back the signed order form you promised me. What happened?',
        'It only takes two minutes to sign, so a quick reply would be appreciated.',
      ],
      'Théo Martin',
    ),
    expect: 'sarcasm',
    reason: '"I guess you are too busy" is sarcasm',
  },
  {
    id: 'acc-sarcasm-hello',
    kind: 'accountability',
    deal: 'alnoor',
    subject: 'Hello??',
    body: l(
      'Fatima,',
      [
        'Hello?? You said you would present the quote to your partners, and I have heard nothing since.',
        'What happened? Even a short no would be better than this silence.',
      ],
      'Omar',
    ),
    expect: 'sarcasm',
    reason: '"Hello??" mocks the silence',
  },
  {
    id: 'acc-guilt-after-all',
    kind: 'accountability',
    deal: 'sakura',
    subject: 'The pilot',
    body: l(
      'Hi Yuki,',
      [
        'After all I did for you during the pilot, including the weekend store visits, I expected you to share the ' +
          'pilot ' +
          'results with head office as you said. What happened?',
        'I would appreciate an answer this week.',
      ],
      'Sam Rivera',
    ),
    expect: 'guilt-trip',
    reason: '"after all I did for you" guilt-trips the prospect',
  },
  {
    id: 'acc-disappointed',
    kind: 'accountability',
    deal: 'obyrne',
    subject: 'Billing system',
    body: l(
      'Hi Siobhán,',
      [
        "Honestly, I'm quite disappointed. You told me you would talk to the partners about moving to the new " +
          'billing system, ' +
          'and then nothing. What happened?',
        'I had set aside time for your onboarding in December.',
      ],
      'Aoife Kelly',
    ),
    expect: 'guilt-trip',
    reason: "the rep's disappointment puts guilt on the prospect",
  },
  {
    id: 'acc-self-pity-wasted',
    kind: 'accountability',
    deal: 'padaria',
    subject: 'The pilot',
    body: l(
      'Olá João,',
      [
        "I've wasted so many hours on this proposal, and you said you would get approval from the regional directors. " +
          'What happened?',
        'I really hope it was not all for nothing.',
      ],
      'Marta Silva',
    ),
    expect: ['self-pity', 'guilt-trip'],
    reason: '"I\'ve wasted so many hours" is self-pity',
  },
  {
    id: 'acc-threat-boss',
    kind: 'accountability',
    deal: 'initech',
    subject: 'Security review',
    body: l(
      'Peter,',
      [
        'You said you would book the security review with your IT team. If I do not hear back by Friday, ' +
          "I'll escalate to your boss so we can get this moving.",
        'What happened?',
      ],
      'Joanna Kowalski',
    ),
    expect: 'threat',
    reason: '"I\'ll escalate to your boss" is a threat',
  },
  {
    id: 'acc-pressure-price',
    kind: 'accountability',
    deal: 'mueller',
    subject: 'Price change',
    body: l(
      'Hallo Jürgen,',
      [
        'You told me you would take the proposal to the works council by Friday. What happened?',
        'Please keep in mind that our price goes up on the first of the month, so this is really your last chance to ' +
          'sign at ' +
          'the current rate.',
      ],
      'Viele Grüße,\nSam Rivera',
    ),
    expect: 'pressure',
    reason: 'price deadline and "last chance" are false urgency',
  },
  {
    id: 'acc-insult',
    kind: 'accountability',
    deal: 'scunthorpe',
    subject: 'The trial',
    body: l(
      'Gareth,',
      [
        'You said you would run the trial with the second shift. What the hell happened? ' +
          'I have called four times and nobody at your plant can give me a straight answer.',
        'Please sort it out.',
      ],
      'Lena',
    ),
    expect: 'insult',
    reason: '"what the hell" is profanity in a business email',
  },
  {
    id: 'acc-no-question',
    kind: 'accountability',
    deal: 'acme',
    subject: 'The VP meeting',
    body: l(
      'Hi Dana,',
      [
        'You told me you would present the proposal to the VP of Sales by Friday, and I have not heard back since.',
        'Please let me know what happened when you have a moment, and whether the VP had any concerns about the plan.',
      ],
      'Best regards,\nSam Rivera',
    ),
    expect: 'accountability-no-question',
    reason: 'never actually asks a question',
  },
  {
    id: 'acc-no-commitment',
    kind: 'accountability',
    deal: 'fjord',
    subject: 'Checking in',
    body: l(
      'Hi Ingrid,',
      [
        'I hope the autumn season in Bergen has been kind to you. I wanted to check in and see where things are on ' +
          'your side, ' +
          'since it has been a while since we last spoke.',
        'Is there anything I can do to help?',
      ],
      'Best,\nLena Park',
    ),
    expect: 'accountability-no-commitment',
    reason: 'never reminds her of what she committed to (CFO sign-off)',
  },
  {
    id: 'acc-too-short',
    kind: 'accountability',
    deal: 'cafe',
    subject: 'Bon de commande',
    body: l('Bonjour Camille,', ['You said you would send back the signed order form. What happened?'], 'Théo'),
    expect: 'too-short',
    reason: 'too thin to carry the reminder and the plain question warmly (15 words, under the 30-word floor)',
  },
  {
    id: 'acc-too-long',
    kind: 'accountability',
    deal: 'patel',
    subject: 'Order quantities and a few thoughts',
    body: l(
      'Dear Priya,',
      [
        'When we spoke in Surat, you said you would confirm the order quantities with your plant head, and I know ' +
          'how many ' +
          'moving parts there are on your side: the spring collection, the new dyeing line, the audits from your ' +
          'European buyers ' +
          'and the usual end-of-year rush.',
        'I have been thinking about how we could make the spring schedule easier for you, and I have a few ideas ' +
          'about splitting ' +
          'the order into two shipments, reserving capacity in our Ahmedabad warehouse, and aligning the delivery ' +
          'windows with ' +
          'your buyers in Rotterdam and Hamburg so that nothing waits on the quay.',
        'Before any of that, though, I wanted to ask what happened with the quantities, and whether your plant head ' +
          'had ' +
          'questions I could answer. Could you let me know where things stand when you have a moment this week?',
      ],
      'Warm regards,\nArjun Mehta',
    ),
    expect: 'too-long',
    reason: 'well over 125 words: the short email is what breaks the silence',
  },
  {
    id: 'acc-seam-capital',
    kind: 'accountability',
    deal: 'sakura',
    subject: 'The pilot results',
    body: l(
      'Hi Yuki,',
      [
        'When we last spoke, you told me The next step on your side was to share the pilot results with head office. ' +
          "I haven't heard back since, so I'd like to ask plainly: what happened?",
        'A one-line reply is plenty.',
      ],
      'Best regards,\nSam Rivera',
    ),
    expect: 'stray-capital',
    reason: '"told me The next step": a template seam, capital mid-sentence',
  },
  {
    id: 'acc-seam-doubled-comma',
    kind: 'accountability',
    deal: 'alnoor',
    subject: 'The quote',
    body: l(
      'Hi Fatima,,',
      [
        'You mentioned you would present the quote to your partners. ' +
          "I haven't heard back since, so I'd like to ask plainly: what happened?",
        'If something changed, a short reply telling me where things stand is all I need.',
      ],
      'Thanks,\nOmar Haddad',
    ),
    expect: 'punctuation',
    reason: 'doubled comma after the name: a slot seam',
  },
  {
    id: 'acc-seam-placeholder',
    kind: 'accountability',
    deal: 'mueller',
    subject: 'Quick question for {first_name}',
    body: l(
      'Hallo Jürgen,',
      [
        'When we last spoke you told me you would take the proposal to the works council by Friday. ' +
          "I haven't heard back since, so I'd like to ask plainly: what happened?",
        'If a concern came up, I would rather hear it straight.',
      ],
      'Viele Grüße,\nSam Rivera',
    ),
    expect: 'placeholder',
    reason: 'an unfilled {first_name} in the subject',
  },
  {
    id: 'acc-seam-company-twice',
    kind: 'accountability',
    deal: 'acme',
    subject: 'The VP meeting',
    body: l(
      'Hi Dana,',
      [
        'When we last spoke about the proposal for Acme Holdings GmbH Acme Holdings GmbH, you told me you would ' +
          'present the ' +
          "proposal to the VP of Sales by Friday. I haven't heard back since, so I'd like to ask plainly: what happened?",
        'Any answer helps, even a no.',
      ],
      'Best regards,\nSam Rivera',
    ),
    expect: 'company-name',
    reason: 'the legal company name pasted twice in a row',
  },
  {
    id: 'acc-seam-article',
    kind: 'accountability',
    deal: 'obyrne',
    subject: 'A quick question',
    body: l(
      'Hi Siobhán,',
      [
        'This is a accountability note, nothing more: you told me you would talk to the partners about moving to the ' +
          'new ' +
          "billing system. I haven't heard back since, so I'd like to ask plainly: what happened?",
        'Any answer helps.',
      ],
      'Kind regards,\nAoife Kelly',
    ),
    expect: 'article',
    reason: '"a accountability": a slot filled without fixing its article',
  },
  {
    id: 'acc-seam-empty-slot',
    kind: 'accountability',
    deal: 'fjord',
    subject: 'Following up',
    body: l(
      'Hi Ingrid,',
      [
        'I am writing about . When we last spoke you said you would get the CFO to sign off on the pilot. ' +
          "I haven't heard back since, so I'd like to ask plainly: what happened?",
        'A short reply is all I need.',
      ],
      'Best,\nLena Park',
    ),
    expect: 'empty-slot',
    reason: '"about ." is a slot that came out empty',
  },
  {
    id: 'acc-seam-inc-no-dot',
    kind: 'accountability',
    deal: 'initech',
    subject: 'Security review',
    body: l(
      'Hi Peter,',
      [
        'When we last talked, you said you would book the security review with your IT team so Initech Systems Inc ' +
          'could move ' +
          "ahead in January. I haven't heard back since, so I'd like to ask plainly: what happened?",
        'Any answer helps.',
      ],
      'Best regards,\nJoanna Kowalski',
    ),
    expect: 'company-name',
    reason: 'the deal says "Initech Systems Inc."; the dot was lost in the slot',
  },
];

const fire: ToneCase[] = [
  {
    id: 'fire-good-acme',
    kind: 'fire',
    deal: 'acme',
    subject: 'Stepping back for now',
    body: l(
      'Hi Dana,',
      [
        "I've tried to reach you several times and haven't heard back, so I'll assume this isn't a priority right now. " +
          "I'm taking you off my list and won't call again.",
        'I still think improving retention and reducing hiring costs is worth pursuing. If things change, the door ' +
          'is open: ' +
          'just reply to this email. Thank you for your time.',
      ],
      'Kind regards,\nSam Rivera',
    ),
    expect: null,
    reason: 'the METHOD.md 4 message: firm, thankful, value in their terms, door open',
  },
  {
    id: 'fire-good-fjord-short',
    kind: 'fire',
    deal: 'fjord',
    subject: 'Closing your file',
    body: l(
      'Hi Ingrid,',
      [
        "Since I haven't heard back, I'm closing your file and won't follow up again. If faster vessel turnaround in " +
          'Bergen ' +
          'comes back on the table, just reply. Thanks for your time.',
      ],
      'Lena Park',
    ),
    expect: null,
    reason: 'short (about 35 words) but complete: a low fixed minimum must not reject it',
  },
  {
    id: 'fire-good-cafe-not-chase',
    kind: 'fire',
    deal: 'cafe',
    subject: "Je m'arrête ici",
    body: l(
      'Bonjour Camille,',
      [
        "I haven't heard back after a few tries, so I'll take it that the timing isn't right for Café Lumière SARL. " +
          "I'm not going to chase you any further.",
        'Filling the terrace on weekday evenings is still within reach whenever you want it. ' +
          'Whenever the timing is right, my door is open. Merci for the time you gave this.',
      ],
      'Théo Martin',
    ),
    expect: null,
    reason: '"not going to chase you" is firm; "whenever the timing is right" opens the door',
  },
  {
    id: 'fire-good-alnoor-reach-me',
    kind: 'fire',
    deal: 'alnoor',
    subject: 'Taking this off my list',
    body: l(
      'Hi Fatima,',
      [
        "I've reached out a few times since we spoke about tracking container costs per shipment and haven't been " +
          'able to ' +
          "connect. I'll assume other priorities came first, and I'm taking Al Noor Trading LLC off my follow-up list.",
        'If that changes, you can reach me at +971 4 555 0142. Thank you for considering it.',
      ],
      'Best regards,\nOmar Haddad',
    ),
    expect: null,
    reason: 'firm, phone number as the way back, thankful; the legal name once is fine',
  },
  {
    id: 'fire-good-mueller-no-longer',
    kind: 'fire',
    deal: 'mueller',
    subject: 'Für den Moment',
    body: l(
      'Hallo Jürgen,',
      [
        "Since I haven't heard back, I'll assume the works council has other priorities right now, and I will no " +
          'longer ' +
          'follow up on this.',
        'Cutting scrap on the press line remains a real saving for Müller & Söhne GmbH. If things change, just reply ' +
          'here. ' +
          'Thank you for your time and the tour of the plant.',
      ],
      'Viele Grüße,\nSam Rivera',
    ),
    expect: null,
    reason: '"will no longer follow up" is firm; value named in their terms',
  },
  {
    id: 'fire-good-voicemail',
    kind: 'fire',
    deal: 'scunthorpe',
    subject: 'Stepping back',
    body: l(
      'Hi Gareth,',
      [
        "I've tried a few times without luck, so I'll assume the trial isn't a priority at the moment. " +
          "I'm stepping back and won't call again.",
        'A weld quality assessment on every batch is still there for the taking. If things change, you know where to ' +
          'reach me. ' +
          'Thanks for your time.',
      ],
      'Lena Park',
    ),
    voicemail:
      "Hi Gareth, it's Lena. I've tried you a few times, so I'll assume the trial isn't a priority right " +
      'now. ' +
      "I'm taking you off my list and won't call again. Thank you for your time. If things change and the weld " +
      'assessment ' +
      'is back on the table, you can reach me by email or at this number. Take care.',
    expect: null,
    reason: 'email and voicemail both firm, thankful, door open; voicemail within 40-75 words',
  },
  {
    id: 'fire-good-sakura-no-rush',
    kind: 'fire',
    deal: 'sakura',
    subject: 'Closing the loop',
    body: l(
      'Hi Yuki,',
      [
        "I haven't heard back, so I'll take it that head office has other priorities. I'm closing this out on my " +
          'side and ' +
          "won't reach out again. There's no rush and no deadline on any of it.",
        'Shorter onboarding for new store staff is still worth having. If anything changes, just reply. ' +
          'Thank you for all your help with the pilot.',
      ],
      'Best regards,\nSam Rivera',
    ),
    expect: null,
    reason: 'negated urgency ("no rush", "no deadline") is calm, not pressure',
  },
  {
    id: 'fire-good-patel-emoji',
    kind: 'fire',
    deal: 'patel',
    subject: 'Stepping back for now',
    body: l(
      'Dear Priya,',
      [
        "I've tried to reach you a few times, so I'll assume the spring orders have taken over, which I understand. " +
          "I'm taking you off my list for now and won't follow up again.",
        'Fewer late deliveries to your European buyers is still within reach. Whenever you are ready, reply to this ' +
          'email. ' +
          'Thank you for your time 🙏',
      ],
      'Warm regards,\nArjun Mehta',
    ),
    expect: null,
    reason: 'complete goodbye with an emoji of thanks',
  },
  {
    id: 'fire-not-firm',
    kind: 'fire',
    deal: 'obyrne',
    subject: 'Checking in again',
    body: l(
      'Hi Siobhán,',
      [
        "I haven't heard back in a while and wanted to check whether you're still interested in billing hours " +
          'without the ' +
          'Friday spreadsheet.',
        'If things change, just reply. Thank you for your time.',
      ],
      'Kind regards,\nAoife Kelly',
    ),
    expect: 'fire-not-firm',
    reason: 'never says the rep stops: the next move is not handed over',
  },
  {
    id: 'fire-negated-firm',
    kind: 'fire',
    deal: 'fjord',
    subject: 'Still here',
    body: l(
      'Hi Ingrid,',
      [
        "I haven't heard back, but I'm not taking you off my list yet. Faster vessel turnaround in Bergen is too " +
          'important.',
        'If things change, just reply. Thank you for your time.',
      ],
      'Lena Park',
    ),
    expect: 'fire-not-firm',
    reason: '"not taking you off my list" cancels the firm cue',
  },
  {
    id: 'fire-no-door',
    kind: 'fire',
    deal: 'padaria',
    subject: 'Goodbye',
    body: l(
      'Olá João,',
      [
        "I've tried several times and haven't heard back, so I'm taking you off my list and won't call again.",
        'Cutting waste across the twelve bakeries was a good goal. Thank you for your time, and good luck.',
      ],
      'Marta Silva',
    ),
    expect: 'fire-no-door',
    reason: 'no way back: the bridge is quietly burned',
  },
  {
    id: 'fire-follow-up-promise',
    kind: 'fire',
    deal: 'cafe',
    subject: 'Pour le moment',
    body: l(
      'Bonjour Camille,',
      [
        "Since I haven't heard back, I'm taking you off my list for now. Filling the terrace on weekday evenings is " +
          'still ' +
          'possible.',
        "I'll check back in a month to see if anything has changed. Thank you for your time.",
      ],
      'Théo Martin',
    ),
    expect: 'fire-follow-up',
    reason: 'promises another follow-up: the rep must mean the goodbye',
  },
  {
    id: 'fire-follow-up-try-again',
    kind: 'fire',
    deal: 'alnoor',
    subject: 'Stepping back',
    body: l(
      'Hi Fatima,',
      [
        "I haven't been able to reach you, so I'm stepping back for now. Tracking container costs per shipment is " +
          'still worth it.',
        "If things change, reach me at this address. Thank you for your time; I'll try you again after Ramadan.",
      ],
      'Omar Haddad',
    ),
    expect: 'fire-follow-up',
    reason: '"I\'ll try you again" breaks the goodbye',
  },
  {
    id: 'fire-no-thanks',
    kind: 'fire',
    deal: 'mueller',
    subject: 'Stepping back',
    body: l(
      'Hallo Jürgen,',
      [
        "I haven't heard back after several calls, so I'm taking you off my list and won't call again.",
        'Cutting scrap on the press line is still worth doing. If things change, just reply to this email.',
      ],
      'Sam Rivera',
    ),
    expect: 'fire-no-thanks',
    reason: 'never thanks them for their time: polite and thankful is part of the goodbye',
  },
  {
    id: 'fire-no-value',
    kind: 'fire',
    deal: 'initech',
    subject: 'Closing your file',
    body: l(
      'Hi Peter,',
      [
        "I haven't heard back after several tries, so I'm closing your file and won't follow up again.",
        'Our platform is still the best on the market. If things change, just reply. Thank you for your time.',
      ],
      'Joanna Kowalski',
    ),
    expect: 'fire-no-value',
    reason: 'names the product, not the value they forgo (clearing the ticket backlog)',
  },
  {
    id: 'fire-sarcasm-must-be-nice',
    kind: 'fire',
    deal: 'sakura',
    subject: 'Goodbye',
    body: l(
      'Hi Yuki,',
      [
        "Must be nice to have so much time that a pilot can just sit there. I'm taking you off my list and won't " +
          'call again.',
        'Shorter onboarding for new store staff is still on offer. If things change, just reply. Thanks for your time.',
      ],
      'Sam Rivera',
    ),
    expect: 'sarcasm',
    reason: '"must be nice" is sarcasm',
  },
  {
    id: 'fire-sarcasm-guess-busy',
    kind: 'fire',
    deal: 'patel',
    subject: 'Closing this',
    body: l(
      'Dear Priya,',
      [
        "I guess you're too busy for a two-line reply, so I'm taking you off my list and won't follow up again.",
        'Fewer late deliveries to your European buyers are still within reach. If that changes, reply to this email. ' +
          'Thank you for your time.',
      ],
      'Arjun Mehta',
    ),
    expect: 'sarcasm',
    reason: '"I guess you\'re too busy" is sarcasm',
  },
  {
    id: 'fire-guilt-wasted',
    kind: 'fire',
    deal: 'obyrne',
    subject: 'Goodbye',
    body: l(
      'Hi Siobhán,',
      [
        "I've wasted a lot of time on this, and honestly I'm disappointed. I'm taking you off my list and won't call " +
          'again.',
        'Billing hours without the Friday spreadsheet is still possible. If things change, just reply. Thank you for ' +
          'your time.',
      ],
      'Aoife Kelly',
    ),
    expect: ['guilt-trip', 'self-pity'],
    reason: 'wasted time and disappointment: guilt and self-pity',
  },
  {
    id: 'fire-self-pity-quota',
    kind: 'fire',
    deal: 'acme',
    subject: 'Stepping back',
    body: l(
      'Hi Dana,',
      [
        "I really needed this one for my quarter, and I feel like I'm talking to a wall. I'm taking you off my list " +
          "and won't " +
          'call again.',
        'Improving retention and reducing hiring costs is still worth it. If things change, just reply. Thanks for ' +
          'your time.',
      ],
      'Sam Rivera',
    ),
    expect: 'self-pity',
    reason: 'the rep\'s quarter and "talking to a wall" are self-pity',
  },
  {
    id: 'fire-threat-legal',
    kind: 'fire',
    deal: 'alnoor',
    subject: 'Final notice',
    body: l(
      'Fatima,',
      [
        "Since I haven't heard back, I'm closing your file. If you do not reply, we will have to involve our legal " +
          'team about the ' +
          'reserved containers.',
        'Tracking container costs per shipment is still on offer. If things change, reach me here. Thanks for your time.',
      ],
      'Omar Haddad',
    ),
    expect: 'threat',
    reason: '"we will have to involve our legal team" is a threat',
  },
  {
    id: 'fire-pressure-expires',
    kind: 'fire',
    deal: 'fjord',
    subject: 'Last chance',
    body: l(
      'Hi Ingrid,',
      [
        "I haven't heard back, so I'm taking you off my list. Before I do: the pilot discount ends Friday and prices " +
          'go up next ' +
          'month, so act now if faster vessel turnaround in Bergen still matters.',
        'If things change, just reply. Thank you for your time.',
      ],
      'Lena Park',
    ),
    expect: 'pressure',
    reason: 'discount deadline, price rise and "act now": false urgency in a goodbye',
  },
  {
    id: 'fire-insult-profanity',
    kind: 'fire',
    deal: 'scunthorpe',
    subject: 'Done',
    body: l(
      'Gareth,',
      [
        "This whole process has been bullshit. I'm taking you off my list and won't call again.",
        'A weld quality assessment on every batch was on offer. If things change, reply here. Thanks for your time.',
      ],
      'Lena',
    ),
    expect: 'insult',
    reason: 'profanity in a goodbye',
  },
  {
    id: 'fire-insult-clueless',
    kind: 'fire',
    deal: 'initech',
    subject: 'Done',
    body: l(
      'Peter,',
      [
        "Your IT team is clearly clueless about security, so I'm closing your file and won't follow up again.",
        'Clearing the support ticket backlog was within reach. If things change, just reply. Thanks for your time.',
      ],
      'Joanna Kowalski',
    ),
    expect: ['insult', 'antagonism'],
    reason: "calls the prospect's team clueless",
  },
  {
    id: 'fire-resell-brochure',
    kind: 'fire',
    deal: 'padaria',
    subject: 'Before I go',
    body: l(
      'Olá João,',
      [
        "I haven't heard back, so I'm taking you off my list and won't call again. Before I go, I've attached our " +
          'new brochure ' +
          'and the latest case study from a bakery chain in Lisbon.',
        'Cutting waste across the twelve bakeries is still possible. If things change, just reply. Thanks for your time.',
      ],
      'Marta Silva',
    ),
    expect: 'resell',
    reason: 'brochure and case study in a goodbye: re-selling',
  },
  {
    id: 'fire-too-short',
    kind: 'fire',
    deal: 'cafe',
    subject: 'Fin',
    body: l('Camille,', ['Taking you off my list. Reply if things change. Thanks.'], 'Théo'),
    expect: 'too-short',
    reason: 'under 25 words: too curt to be polite or name their goal',
  },
  {
    id: 'fire-too-long',
    kind: 'fire',
    deal: 'mueller',
    subject: 'Stepping back for now',
    body: l(
      'Hallo Jürgen,',
      [
        'I hope all is well at Müller & Söhne GmbH and that the new press line is running smoothly after the autumn ' +
          'shutdown.',
        "I've tried to reach you several times since our meeting in Stuttgart and haven't heard back, so I'll assume " +
          'the ' +
          "works council has other priorities for now. I'm taking you off my list and won't call again.",
        'I still believe cutting scrap on the press line would pay back within the year, and the numbers we looked ' +
          'at together ' +
          'were encouraging. If things change, the door is open: just reply to this email and we can pick it up from ' +
          'there.',
        'Thank you for the time you and your team gave this, and for the tour of the plant. No hard feelings at all.',
      ],
      'Viele Grüße,\nSam Rivera',
    ),
    expect: 'too-long',
    reason: 'over 90 words: the goodbye works because it is short',
  },
  {
    id: 'fire-voicemail-too-long',
    kind: 'fire',
    deal: 'acme',
    subject: 'Stepping back',
    body: l(
      'Hi Dana,',
      [
        "I've tried several times, so I'll assume this isn't a priority. I'm taking you off my list and won't call " +
          'again.',
        'Improving retention and reducing hiring costs is still worth it. If things change, just reply. Thank you ' +
          'for your time.',
      ],
      'Sam Rivera',
    ),
    voicemail:
      "Hi Dana, it's Sam. I've tried to reach you several times over the last two weeks about the " +
      'proposal and the VP ' +
      "of Sales meeting, and I haven't heard back, so I'll assume this isn't a priority for you right now. I'm " +
      'taking you ' +
      "off my list and won't call again. I still think improving retention and reducing hiring costs is worth " +
      'pursuing, and ' +
      'the numbers we looked at were good. If things change, you can reach me by email or at this number. Thank ' +
      'you for ' +
      'your time, and take care.',
    expect: 'voicemail-too-long',
    reason: 'a voicemail over 75 words runs past 30 seconds',
  },
  {
    id: 'fire-voicemail-too-short',
    kind: 'fire',
    deal: 'patel',
    subject: 'Stepping back',
    body: l(
      'Dear Priya,',
      [
        "I haven't heard back, so I'm taking you off my list and won't follow up again. Fewer late deliveries to your " +
          'European buyers are still within reach. If things change, just reply. Thank you for your time.',
      ],
      'Arjun Mehta',
    ),
    voicemail: "Hi Priya, it's Arjun. Taking you off my list. Call me if things change. Thanks.",
    expect: 'voicemail-too-short',
    reason: 'a 14-word voicemail is too abrupt to be polite',
  },
  {
    id: 'fire-seam-doubled-period',
    kind: 'fire',
    deal: 'sakura',
    subject: 'Closing the loop',
    body: l(
      'Hi Yuki,',
      [
        "I haven't heard back, so I'll assume this isn't a priority for Sakura Denki K.K.. I'm taking you off my " +
          'list and ' +
          "won't call again.",
        'Shorter onboarding for new store staff is still worth having. If things change, just reply. Thank you for ' +
          'your time.',
      ],
      'Sam Rivera',
    ),
    expect: 'punctuation',
    reason: '"K.K.." a doubled period where the slot ended the sentence',
  },
  {
    id: 'fire-seam-four-dots',
    kind: 'fire',
    deal: 'obyrne',
    subject: 'Stepping back',
    body: l(
      'Hi Siobhán,',
      [
        "I haven't heard back, so I'm taking you off my list and won't call again. Billing hours without the Friday " +
          'spreadsheet.... is still within reach.',
        'If things change, just reply. Thank you for your time.',
      ],
      'Aoife Kelly',
    ),
    expect: 'punctuation',
    reason: '"spreadsheet...." a truncated slot',
  },
  {
    id: 'fire-seam-mustache',
    kind: 'fire',
    deal: 'fjord',
    subject: 'Stepping back',
    body: l(
      'Hi {{contact.first_name}},',
      [
        "I haven't heard back, so I'm taking you off my list and won't follow up again. Faster vessel turnaround in " +
          'Bergen is ' +
          'still possible. If things change, just reply. Thank you for your time.',
      ],
      'Lena Park',
    ),
    expect: 'placeholder',
    reason: 'an unfilled {{contact.first_name}}',
  },
  {
    id: 'fire-seam-company-legal-twice',
    kind: 'fire',
    deal: 'mueller',
    subject: 'Stepping back',
    body: l(
      'Hallo Jürgen,',
      [
        "I haven't heard back, so I'll assume this isn't a priority for Müller & Söhne GmbH GmbH right now. I'm " +
          'taking you off ' +
          "my list and won't call again.",
        'Cutting scrap on the press line is still worth doing. If things change, just reply. Thank you for your time.',
      ],
      'Sam Rivera',
    ),
    expect: ['company-name', 'repeated-word'],
    reason: '"GmbH GmbH": the legal suffix doubled by the slot',
  },
  {
    id: 'fire-seam-capital-goal',
    kind: 'fire',
    deal: 'cafe',
    subject: "Je m'arrête ici",
    body: l(
      'Bonjour Camille,',
      [
        "I haven't heard back, so I'm taking you off my list and won't call again. I still think The terrace on " +
          'weekday ' +
          'evenings could be full. If things change, just reply. Merci for your time.',
      ],
      'Théo Martin',
    ),
    expect: 'stray-capital',
    reason: '"think The terrace": capital mid-sentence from a slot',
  },
];

const checkin: ToneCase[] = [
  {
    id: 'checkin-good-short',
    kind: 'checkin',
    deal: 'fjord',
    subject: 'Still a priority?',
    body: l(
      'Hi Ingrid,',
      ['Is faster vessel turnaround in Bergen still a priority for Nordic Fjord AS this ' + 'winter?'],
      'Lena',
    ),
    expect: null,
    reason: 'a short, plain question',
  },
  {
    id: 'checkin-good-alnoor',
    kind: 'checkin',
    deal: 'alnoor',
    subject: 'A quick question',
    body: l(
      'Hi Fatima,',
      [
        'Has anything changed on your side since we talked about tracking container costs per shipment? ' +
          'If the timing is wrong, just let me know.',
      ],
      'Thanks,\nOmar Haddad',
    ),
    expect: null,
    reason: 'one question, calm',
  },
  {
    id: 'checkin-pressure-asap',
    kind: 'checkin',
    deal: 'initech',
    subject: 'Need an answer',
    body: l(
      'Peter,',
      [
        'I need an answer today: are you moving forward or not? This offer is only valid today, so please respond ASAP.',
      ],
      'Joanna',
    ),
    expect: 'pressure',
    reason: '"only valid today", "ASAP": false urgency',
  },
  {
    id: 'checkin-sarcasm-anyone-home',
    kind: 'checkin',
    deal: 'sakura',
    subject: 'Anyone home?',
    body: l(
      'Hi Yuki,',
      ['Anyone home? Is shorter onboarding for new store staff still something you care ' + 'about?'],
      'Sam',
    ),
    expect: 'sarcasm',
    reason: '"Anyone home?" mocks the silence',
  },
  {
    id: 'checkin-good-negated-pressure',
    kind: 'checkin',
    deal: 'mueller',
    subject: 'Kurze Frage',
    body: l(
      'Hallo Jürgen,',
      [
        'There is no deadline on my side and no pressure at all: is cutting scrap on the press line still on your ' +
          'list for next year?',
      ],
      'Sam Rivera',
    ),
    expect: null,
    reason: 'negated urgency is reassurance, not pressure',
  },
  {
    id: 'checkin-antagonism-ignored',
    kind: 'checkin',
    deal: 'patel',
    subject: 'Again',
    body: l(
      'Priya,',
      [
        'You have ignored my last four emails. Is fewer late deliveries to your European buyers still a priority or not?',
      ],
      'Arjun',
    ),
    expect: 'antagonism',
    reason: '"you have ignored my last four emails" blames the prospect',
  },
];

const revival: ToneCase[] = [
  {
    id: 'revival-good-step',
    kind: 'revival',
    deal: 'cafe',
    subject: 'Ravi de vous relire',
    body: l(
      'Bonjour Camille,',
      [
        'Thank you for getting back to me, and no need to apologise. ' +
          'As a next step, I would suggest a 30-minute call to go through the terrace plan with your manager.',
        'Could you confirm a time that works for you next week? I will send the invite as soon as you do.',
      ],
      'Théo Martin',
    ),
    expect: null,
    reason: 'thanks them, proposes a concrete step, asks to confirm',
  },
  {
    id: 'revival-good-demo-step',
    kind: 'revival',
    deal: 'initech',
    subject: 'Next step',
    body: l(
      'Hi Peter,',
      [
        'Good to hear from you. Since security was the open question, let me suggest a 45-minute session where our ' +
          'engineer ' +
          'shows your IT team how the single sign-on works, so the review can happen in one go.',
        'Which day suits you? I will book it as soon as you confirm.',
      ],
      'Best,\nJoanna Kowalski',
    ),
    expect: null,
    reason: 'showing something inside a booked session is a next step, not a re-pitch',
  },
  {
    id: 'revival-resell-pitch',
    kind: 'revival',
    deal: 'fjord',
    subject: 'Great to hear from you!',
    body: l(
      'Hi Ingrid,',
      [
        'Great to hear from you! Let me show you everything that is new since we last spoke: our new berth planning ' +
          'features, ' +
          'the mobile app, and the case studies from two Norwegian ports, all in the attached brochure.',
        'What do you think?',
      ],
      'Lena Park',
    ),
    expect: 'resell',
    reason: 're-pitches features and a brochure instead of proposing a step',
  },
  {
    id: 'revival-no-step',
    kind: 'revival',
    deal: 'padaria',
    subject: 'Obrigada',
    body: l(
      'Olá João,',
      [
        'Thank you for getting back to me, I appreciate it. I hope the month settles down for you and the directors.',
        'How are things going on your side?',
      ],
      'Marta Silva',
    ),
    expect: 'revival-no-next-step',
    reason: 'no concrete next step to confirm',
  },
  {
    id: 'revival-pressure',
    kind: 'revival',
    deal: 'patel',
    subject: 'Welcome back',
    body: l(
      'Dear Priya,',
      [
        'Thanks for coming back to me. If you sign before Friday I can keep the old price, but after that the ' +
          'discount ends. ' +
          'Shall we book a call tomorrow to finalise?',
      ],
      'Arjun Mehta',
    ),
    expect: 'pressure',
    reason: 'price deadline and discount ending: pressure on a returning prospect',
  },
];

const roi: ToneCase[] = [
  {
    id: 'roi-good',
    kind: 'roi',
    deal: 'acme',
    subject: 'The value three ways',
    body: l(
      'Hi Dana,',
      [
        'Here is the value three ways over three years: conservative $40,000 a year ($120,000 over three years), ' +
          'moderate ' +
          '$70,000 ($210,000) and aggressive $100,000 ($300,000). Against a cost of $20,000 a year, even the ' +
          'conservative case ' +
          'is $60,000 ahead.',
        'Could we book 30 minutes to go through the assumptions?',
      ],
      'Best regards,\nSam Rivera',
    ),
    expect: null,
    reason: 'three scenarios, three years, deal figures, a step',
  },
  {
    id: 'roi-pressure',
    kind: 'roi',
    deal: 'acme',
    subject: 'The value three ways',
    body: l(
      'Hi Dana,',
      [
        'Here is the value three ways over three years: conservative $40,000 a year ($120,000 over three years), ' +
          'moderate ' +
          '$70,000 ($210,000) and aggressive $100,000 ($300,000).',
        'These figures only hold if you sign this week: the price goes up in January. Could we book 30 minutes?',
      ],
      'Best regards,\nSam Rivera',
    ),
    expect: 'pressure',
    reason: 'a price deadline attached to the value case',
  },
];

const more: ToneCase[] = [
  {
    id: 'acc-good-voicemail',
    kind: 'accountability',
    deal: 'fjord',
    subject: 'The pilot sign-off',
    body: l(
      'Hi Ingrid,',
      [
        'When we last spoke you told me you would get the CFO to sign off on the pilot before the board met. ' +
          "I haven't heard back since, so I'd like to ask plainly: what happened? If the CFO had doubts, I would " +
          'rather hear them.',
      ],
      'Best,\nLena Park',
    ),
    voicemail:
      "Hi Ingrid, it's Lena. When we last spoke, you said you would get the CFO to sign off on the pilot. " +
      "I haven't heard back, so I wanted to ask plainly: what happened? A quick call back or a short email is all " +
      'I need. ' +
      'Thanks, and have a good week.',
    expect: null,
    reason: 'email and voicemail both name the commitment and ask; voicemail within 40-75 words',
  },
  {
    id: 'acc-good-negated-features',
    kind: 'accountability',
    deal: 'scunthorpe',
    subject: 'The trial',
    body: l(
      'Hi Gareth,',
      [
        'You told me you would run the trial with the second shift in November. I will not bore you with new ' +
          'features or ' +
          'another brochure; I only want to know what happened. Did the trial go ahead?',
        'Even a one-line answer helps, and a no is fine.',
      ],
      'Cheers,\nLena Park',
    ),
    expect: null,
    reason: 'negated re-selling within the clause',
  },
  {
    id: 'acc-good-class-sussex',
    kind: 'accountability',
    deal: 'obyrne',
    subject: 'The partners',
    body: l(
      'Hi Siobhán,',
      [
        'After the class you gave at the Sussex law society, you told me you would talk to the partners about moving ' +
          'to the ' +
          "new billing system. I haven't heard back since, so I'd like to ask plainly: what happened?",
        'A no is a fine answer too.',
      ],
      'Kind regards,\nAoife Kelly',
    ),
    expect: null,
    reason: '"class" and "Sussex" are not profanity (Scunthorpe problem)',
  },
  {
    id: 'acc-good-unique-european',
    kind: 'accountability',
    deal: 'patel',
    subject: 'Order quantities',
    body: l(
      'Dear Priya,',
      [
        'You said you would confirm the order quantities with your plant head, since a unique colour run needs a ' +
          'European ' +
          "slot booked early. I haven't heard back since, so I'd like to ask plainly: what happened?",
        'A rough figure is enough for now, and we can refine it later.',
      ],
      'Warm regards,\nArjun Mehta',
    ),
    expect: null,
    reason: '"a unique", "a European" are correct articles',
  },
  {
    id: 'acc-good-long-120',
    kind: 'accountability',
    deal: 'mueller',
    subject: 'The works council',
    body: l(
      'Hallo Jürgen,',
      [
        'When we walked the press line in Stuttgart, you told me you would take the proposal to the works council by ' +
          'Friday, ' +
          'and that cutting scrap on the press line was the one number your plant director asked about every week.',
        "I haven't heard back since, and I would rather ask than guess: what happened when the proposal reached the " +
          'council? ' +
          'If they raised a concern about the shift changes or the training time, that is exactly what I would like to ' +
          'hear, ' +
          'even if the answer for now is no.',
      ],
      'Viele Grüße,\nSam Rivera',
    ),
    expect: null,
    reason: 'longer but within 125 words and on point',
  },
  {
    id: 'acc-per-my-previous-note',
    kind: 'accountability',
    deal: 'sakura',
    subject: 'Reminder',
    body: l(
      'Hi Yuki,',
      [
        'As per my previous two notes, you said you would share the pilot results with head office. ' +
          'I still have not heard back, so what happened?',
        'A short reply is enough.',
      ],
      'Sam Rivera',
    ),
    expect: 'antagonism',
    reason: '"as per my previous two notes"',
  },
  {
    id: 'acc-threat-we-will-have-to',
    kind: 'accountability',
    deal: 'cafe',
    subject: 'La commande',
    body: l(
      'Bonjour Camille,',
      [
        'You said you would send back the signed order form. If I do not receive it this week, we will have to ' +
          'cancel your ' +
          'reserved terrace heaters and charge the deposit. What happened?',
      ],
      'Théo Martin',
    ),
    expect: 'threat',
    reason: 'cancel and charge unless she replies: a threat',
  },
  {
    id: 'acc-self-pity-pest',
    kind: 'accountability',
    deal: 'acme',
    subject: 'Sorry to bother you',
    body: l(
      'Hi Dana,',
      [
        'Sorry to bother you again, I know I must be a pest by now. You told me you would present the proposal to ' +
          'the VP of ' +
          'Sales by Friday. What happened?',
        'Any answer helps.',
      ],
      'Sam Rivera',
    ),
    expect: 'self-pity',
    reason: 'apologising for existing: "fall on the sword" self-pity',
  },
  {
    id: 'acc-shouting',
    kind: 'accountability',
    deal: 'initech',
    subject: 'URGENT: security review',
    body: l(
      'Hi Peter,',
      [
        'You said you would book the security review with your IT team. I NEED to know what happened, so please ' +
          'reply TODAY. ' +
          'What happened?',
      ],
      'Joanna Kowalski',
    ),
    expect: ['shouting', 'pressure'],
    reason: 'all-caps words read as shouting',
  },
  {
    id: 'fire-good-take-care',
    kind: 'fire',
    deal: 'initech',
    subject: 'Stepping back',
    body: l(
      'Hi Peter,',
      [
        "I've tried you several times without luck, so I'll assume the review has been parked. I won't be reaching " +
          'out again.',
        'Clearing the support ticket backlog is still within reach whenever your team is ready: just reply. ' +
          'I appreciate the time you gave this.',
      ],
      'Take care,\nJoanna Kowalski',
    ),
    expect: null,
    reason: 'firm, value, door, appreciation',
  },
  {
    id: 'fire-good-hungry-terms',
    kind: 'fire',
    deal: 'padaria',
    subject: 'Por agora',
    body: l(
      'Olá João,',
      [
        "Since I haven't heard back, I'll take it that this isn't a priority right now and I'm taking you off my list.",
        'Cutting waste across the twelve bakeries is still worth a lot to you. If things change, my door is open. ' +
          'Thank you for your time, and boas festas.',
      ],
      'Marta Silva',
    ),
    expect: null,
    reason: 'complete goodbye, holiday wish',
  },
  {
    id: 'fire-sarcasm-still-alive',
    kind: 'fire',
    deal: 'fjord',
    subject: 'Still alive?',
    body: l(
      'Hi Ingrid,',
      [
        "Are you still alive over there? Since I haven't heard back, I'm closing your file. Faster vessel turnaround " +
          'in Bergen ' +
          'is still possible. If things change, just reply. Thank you for your time.',
      ],
      'Lena Park',
    ),
    expect: 'sarcasm',
    reason: '"still alive over there?"',
  },
  {
    id: 'fire-antagonism-ignored',
    kind: 'fire',
    deal: 'patel',
    subject: 'Closing this',
    body: l(
      'Priya,',
      [
        "Since you've been ignoring my calls, I'm taking you off my list and won't follow up again. Fewer late " +
          'deliveries to ' +
          'your European buyers were within reach. If things change, reply here. Thank you for your time.',
      ],
      'Arjun Mehta',
    ),
    expect: 'antagonism',
    reason: '"you\'ve been ignoring my calls" blames',
  },
  {
    id: 'fire-threat-boss',
    kind: 'fire',
    deal: 'mueller',
    subject: 'Stepping back',
    body: l(
      'Jürgen,',
      [
        "I'm taking you off my list. If you don't answer, I'll have to go over your head to the managing director. " +
          'Cutting scrap on the press line is still possible. If things change, just reply. Thank you for your time.',
      ],
      'Sam Rivera',
    ),
    expect: 'threat',
    reason: 'going over his head',
  },
  {
    id: 'fire-pressure-price-up',
    kind: 'fire',
    deal: 'obyrne',
    subject: 'Before prices change',
    body: l(
      'Hi Siobhán,',
      [
        "I haven't heard back, so I'm stepping back and won't call again. Note that our price goes up in January, so " +
          'billing hours without the Friday spreadsheet will cost more. If things change, just reply. Thank you for ' +
          'your time.',
      ],
      'Aoife Kelly',
    ),
    expect: 'pressure',
    reason: 'price rise in a goodbye',
  },
  {
    id: 'fire-seam-repeated-word',
    kind: 'fire',
    deal: 'alnoor',
    subject: 'Stepping back',
    body: l(
      'Hi Fatima,',
      [
        "I haven't heard back, so I'm taking you off my list and won't call again. Tracking container costs per " +
          'shipment is ' +
          'still within reach for the the partners. If things change, just reply. Thank you for your time.',
      ],
      'Omar Haddad',
    ),
    expect: 'repeated-word',
    reason: '"the the": a doubled word where two slots met',
  },
  {
    id: 'fire-seam-truncated-goal',
    kind: 'fire',
    deal: 'sakura',
    subject: 'Stepping back',
    body: l(
      'Hi Yuki,',
      [
        "I haven't heard back, so I'm taking you off my list and won't call again. Shorter onboarding for new... is " +
          'still ' +
          'within reach for Sakura Denki K.K. If things change, just reply. Thank you for your time.',
      ],
      'Sam Rivera',
    ),
    expect: 'punctuation',
    reason: '"new... is": a truncated slot in mid-sentence',
  },
  {
    id: 'fire-seam-agreement',
    kind: 'fire',
    deal: 'patel',
    subject: 'Stepping back',
    body: l(
      'Dear Priya,',
      [
        "I've tried you a few times, so I'll assume the order quantities isn't a priority right now. I'm taking you " +
          'off my ' +
          "list and won't follow up again. Fewer late deliveries to your European buyers are still within reach. " +
          'If things change, just reply. Thank you for your time.',
      ],
      'Arjun Mehta',
    ),
    expect: 'agreement',
    reason: '"the order quantities isn\'t": a plural slot before a singular verb',
  },
  {
    id: 'fire-seam-legal-name-thrice',
    kind: 'fire',
    deal: 'fjord',
    subject: 'Stepping back',
    body: l(
      'Hi Ingrid,',
      [
        'I hope all is well at Nordic Fjord AS. I have not heard back, so I will assume this is not a priority for ' +
          'Nordic ' +
          "Fjord AS right now, and I'm taking you off my list. Faster vessel turnaround in Bergen is still within " +
          'reach for ' +
          'Nordic Fjord AS. If things change, just reply. Thank you for your time.',
      ],
      'Lena Park',
    ),
    expect: 'company-name',
    reason: 'the legal name three times in a short note reads like a mail merge',
  },
  {
    id: 'acc-good-sales-team-is',
    kind: 'accountability',
    deal: 'acme',
    subject: 'The VP meeting',
    body: l(
      'Hi Dana,',
      [
        'You told me you would present the proposal to the VP of Sales by Friday, since the sales team is the one ' +
          'losing ' +
          "people every quarter. I haven't heard back since, so I'd like to ask plainly: what happened with the VP?",
        'If the analysis raised doubts, I would rather hear them.',
      ],
      'Best regards,\nSam Rivera',
    ),
    expect: null,
    reason: '"the sales team is", "the analysis" are correct grammar',
  },
  {
    id: 'checkin-good-legal-name-once',
    kind: 'checkin',
    deal: 'mueller',
    subject: 'Kurze Frage',
    body: l(
      'Hallo Jürgen,',
      [
        'Is cutting scrap on the press line still a priority at Müller & Söhne GmbH this ' +
          'winter, or has it moved down the list?',
      ],
      'Sam Rivera',
    ),
    expect: null,
    reason: 'the legal name once is normal',
  },
  {
    id: 'checkin-good-emoji',
    kind: 'checkin',
    deal: 'cafe',
    subject: 'Une petite question',
    body: l(
      'Bonjour Camille,',
      [
        'Is filling the terrace on weekday evenings still on your list for the spring? ☀️ ' +
          'A one-word reply is plenty.',
      ],
      'Théo',
    ),
    expect: null,
    reason: 'short check-in with an emoji',
  },
  {
    id: 'checkin-guilt',
    kind: 'checkin',
    deal: 'initech',
    subject: 'Did I do something wrong?',
    body: l(
      'Hi Peter,',
      ['Did I do something wrong? I have not heard from you in weeks. Is the security review ' + 'still happening?'],
      'Joanna',
    ),
    expect: 'guilt-trip',
    reason: '"did I do something wrong?" guilt-trips',
  },
  {
    id: 'checkin-insult',
    kind: 'checkin',
    deal: 'padaria',
    subject: 'Seriously',
    body: l(
      'João,',
      ['Seriously, what the fuck is going on with the directors? Is the pilot still ' + 'happening?'],
      'Marta',
    ),
    expect: 'insult',
    reason: 'profanity',
  },
  {
    id: 'revival-good-roi-step',
    kind: 'revival',
    deal: 'acme',
    subject: 'Next step',
    body: l(
      'Hi Dana,',
      [
        'Thanks for getting back to me. It sounds like the VPs want to see the numbers, so I would suggest a ' +
          '30-minute call to ' +
          'go through the value three ways with your own figures.',
        'Could you confirm a time that works for you next week?',
      ],
      'Best regards,\nSam Rivera',
    ),
    expect: null,
    reason: 'a concrete step for an ROI objection',
  },
  {
    id: 'revival-threat',
    kind: 'revival',
    deal: 'alnoor',
    subject: 'Next step',
    body: l(
      'Fatima,',
      [
        'Thanks for getting back to me. Let us book a call this week; otherwise we will have to release the ' +
          'containers we ' +
          'reserved for you and charge the deposit. Which day works?',
      ],
      'Omar Haddad',
    ),
    expect: 'threat',
    reason: 'a threat attached to the next step',
  },
  {
    id: 'roi-good-eur',
    kind: 'roi',
    deal: 'padaria',
    subject: 'Three scenarios',
    body: l(
      'Olá João,',
      [
        'Here is the value for the twelve bakeries three ways, annualised over three years: conservative €12,000 a ' +
          'year ' +
          '(€36,000 over three years), moderate €30,000 (€90,000) and aggressive €55,000 (€165,000).',
        'Could we book 30 minutes with the regional directors to go through the assumptions?',
      ],
      'Obrigada,\nMarta Silva',
    ),
    expect: null,
    reason: 'euro figures, three scenarios, three years, a step',
  },
  {
    id: 'roi-resell-not-forbidden-sarcasm',
    kind: 'roi',
    deal: 'acme',
    subject: 'The numbers',
    body: l(
      'Hi Dana,',
      [
        'I know numbers are hard, so here it is three ways over three years: conservative $40,000 a year ($120,000 ' +
          'over three ' +
          'years), moderate $70,000 ($210,000) and aggressive $100,000 ($300,000). Surely even the VPs can follow that.',
        'Could we book 30 minutes?',
      ],
      'Sam Rivera',
    ),
    expect: ['sarcasm', 'antagonism'],
    reason: '"surely even the VPs can follow that" is condescending sarcasm',
  },
];

export const TONE_CASES: ToneCase[] = [...accountability, ...fire, ...checkin, ...revival, ...roi, ...more];
