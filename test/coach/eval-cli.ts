// `npm run eval`: the offline drafter's evaluation report (see eval.ts).
import { formatEval, runEval } from './eval.js';

const examples = Number(process.argv[2] ?? 5);
console.log(formatEval(runEval(), Number.isFinite(examples) ? examples : 5));
