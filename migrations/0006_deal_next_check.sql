ALTER TABLE `deals` ADD `next_check_at` integer DEFAULT 0;--> statement-breakpoint
CREATE INDEX `deals_next_check` ON `deals` (`next_check_at`);