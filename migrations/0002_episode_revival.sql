ALTER TABLE `silence_episodes` ADD `revived_at` integer;--> statement-breakpoint
ALTER TABLE `silence_episodes` ADD `revival_reason` text;