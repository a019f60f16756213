CREATE TABLE `pending_touches` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`team_id` text NOT NULL,
	`deal_id` integer NOT NULL,
	`actor_id` text NOT NULL,
	`channel` text NOT NULL,
	`left_message` integer,
	`note` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`deal_id`) REFERENCES `deals`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
ALTER TABLE `outbox` ADD `rate_limits` integer DEFAULT 0 NOT NULL;