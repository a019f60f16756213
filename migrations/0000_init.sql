CREATE TABLE `activities` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`team_id` text NOT NULL,
	`deal_id` integer NOT NULL,
	`actor_id` text NOT NULL,
	`direction` text NOT NULL,
	`channel` text,
	`left_message` integer,
	`note` text,
	`at` integer NOT NULL,
	FOREIGN KEY (`deal_id`) REFERENCES `deals`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `activities_deal_at` ON `activities` (`deal_id`,`at`);--> statement-breakpoint
CREATE TABLE `audit_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`team_id` text NOT NULL,
	`actor_id` text NOT NULL,
	`action` text NOT NULL,
	`subject` text,
	`details` text,
	`at` integer DEFAULT (unixepoch() * 1000) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `audit_team_at` ON `audit_events` (`team_id`,`at`);--> statement-breakpoint
CREATE TABLE `commitments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`team_id` text NOT NULL,
	`deal_id` integer NOT NULL,
	`text` text NOT NULL,
	`due_on` text NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`made_at` integer NOT NULL,
	`resolved_at` integer,
	FOREIGN KEY (`deal_id`) REFERENCES `deals`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `commitments_deal_status` ON `commitments` (`deal_id`,`status`);--> statement-breakpoint
CREATE TABLE `deals` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`team_id` text NOT NULL,
	`owner_id` text NOT NULL,
	`company` text NOT NULL,
	`company_key` text NOT NULL,
	`contact_name` text,
	`contact_email` text,
	`value_minor` integer,
	`currency` text DEFAULT 'USD' NOT NULL,
	`stage` text DEFAULT 'prospecting' NOT NULL,
	`forecast` text DEFAULT 'pipeline' NOT NULL,
	`forecast_before_fire` text,
	`state` text DEFAULT 'active' NOT NULL,
	`prospect_goal` text,
	`external_id` text,
	`last_inbound_at` integer,
	`last_outbound_at` integer,
	`last_activity_at` integer,
	`snoozed_until` integer,
	`snooze_reason` text,
	`follow_up_on` text,
	`closed_at` integer,
	`lost_reason` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `deals_owner_company` ON `deals` (`team_id`,`owner_id`,`company_key`);--> statement-breakpoint
CREATE INDEX `deals_team_state` ON `deals` (`team_id`,`state`);--> statement-breakpoint
CREATE INDEX `deals_team_external` ON `deals` (`team_id`,`external_id`);--> statement-breakpoint
CREATE TABLE `drafts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`team_id` text NOT NULL,
	`deal_id` integer NOT NULL,
	`episode_id` integer,
	`step` integer DEFAULT 0 NOT NULL,
	`kind` text NOT NULL,
	`subject` text NOT NULL,
	`body` text NOT NULL,
	`voicemail` text,
	`status` text DEFAULT 'pending' NOT NULL,
	`source` text NOT NULL,
	`prompt_version` text NOT NULL,
	`tone_ok` integer NOT NULL,
	`tone_problems` text,
	`prompt_tokens` integer,
	`completion_tokens` integer,
	`discard_reason` text,
	`slack_channel` text,
	`slack_ts` text,
	`created_at` integer NOT NULL,
	`decided_at` integer,
	FOREIGN KEY (`deal_id`) REFERENCES `deals`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`episode_id`) REFERENCES `silence_episodes`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `drafts_deal` ON `drafts` (`deal_id`,`status`);--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`team_id` text NOT NULL,
	`key` text NOT NULL,
	`kind` text NOT NULL,
	`recipient` text NOT NULL,
	`payload` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`last_error` text,
	`created_at` integer NOT NULL,
	`sent_at` integer,
	`slack_ts` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_key` ON `outbox` (`team_id`,`key`);--> statement-breakpoint
CREATE INDEX `outbox_due` ON `outbox` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE TABLE `sales_teams` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`team_id` text NOT NULL,
	`name` text NOT NULL,
	`manager_id` text NOT NULL,
	`digest_channel` text,
	`digest_schedule` text,
	`timezone` text,
	`thresholds` text,
	`cadence` text,
	`holidays` text,
	`escalation_days` integer,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sales_teams_team_name` ON `sales_teams` (`team_id`,`name`);--> statement-breakpoint
CREATE TABLE `silence_episodes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`team_id` text NOT NULL,
	`deal_id` integer NOT NULL,
	`reason` text NOT NULL,
	`commitment_id` integer,
	`started_at` integer NOT NULL,
	`started_on` text NOT NULL,
	`steps_done` integer DEFAULT 0 NOT NULL,
	`steps` text,
	`accountability_at` integer,
	`fired_at` integer,
	`ended_at` integer,
	`outcome` text,
	`outcome_reason` text,
	FOREIGN KEY (`deal_id`) REFERENCES `deals`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`commitment_id`) REFERENCES `commitments`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `episodes_deal` ON `silence_episodes` (`deal_id`,`ended_at`);--> statement-breakpoint
CREATE TABLE `users` (
	`team_id` text NOT NULL,
	`slack_id` text NOT NULL,
	`role` text DEFAULT 'rep' NOT NULL,
	`name` text,
	`email` text,
	`timezone` text,
	`timezone_source` text,
	`work_start` text DEFAULT '09:00' NOT NULL,
	`work_end` text DEFAULT '17:30' NOT NULL,
	`sales_team_id` integer,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`team_id`, `slack_id`),
	FOREIGN KEY (`sales_team_id`) REFERENCES `sales_teams`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `users_team_sales_team` ON `users` (`team_id`,`sales_team_id`);