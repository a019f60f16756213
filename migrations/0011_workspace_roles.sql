CREATE TABLE `stand_in_grants` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`team_id` text NOT NULL,
	`kind` text NOT NULL,
	`user_id` text NOT NULL,
	`sales_team_id` integer,
	`team_name` text,
	`role` text,
	`granted_by` text NOT NULL,
	`granted_at` integer NOT NULL,
	`audit_event_id` integer,
	`status` text DEFAULT 'pending' NOT NULL,
	`decided_by` text,
	`decided_at` integer,
	FOREIGN KEY (`sales_team_id`) REFERENCES `sales_teams`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `stand_in_grants_team_status` ON `stand_in_grants` (`team_id`,`status`);--> statement-breakpoint
CREATE TABLE `workspace_roles` (
	`team_id` text PRIMARY KEY NOT NULL,
	`checked_at` integer,
	`slack_has_admin` integer,
	`slack_admin_ids` text,
	`check_failed_at` integer,
	`check_error` text,
	`stand_in_id` text,
	`stand_in_ended_at` integer,
	`stand_in_end_reason` text
);
