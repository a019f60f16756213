ALTER TABLE `users` ADD `is_admin` integer;--> statement-breakpoint
ALTER TABLE `users` ADD `invited_team_id` integer REFERENCES sales_teams(id);--> statement-breakpoint
ALTER TABLE `users` ADD `invited_by` text;