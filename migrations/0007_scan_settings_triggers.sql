-- A rep's zone, hours, team and their team's thresholds, cadence and holidays decide when each of
-- their deals is next due (deals.next_check_at). These are written from several places (Slack
-- profiles, /deal team, the console): the triggers make any real change put the affected open
-- deals back in the next scan, whoever wrote it.
CREATE TRIGGER `users_settings_recheck_insert` AFTER INSERT ON `users` BEGIN
  UPDATE `deals` SET `next_check_at` = 0
  WHERE `team_id` = NEW.`team_id` AND `owner_id` = NEW.`slack_id` AND `state` IN ('active', 'silent', 'nurture');
END;--> statement-breakpoint
CREATE TRIGGER `users_settings_recheck_update` AFTER UPDATE OF `timezone`, `work_start`, `work_end`, `sales_team_id` ON `users`
WHEN OLD.`timezone` IS NOT NEW.`timezone` OR OLD.`work_start` IS NOT NEW.`work_start`
  OR OLD.`work_end` IS NOT NEW.`work_end` OR OLD.`sales_team_id` IS NOT NEW.`sales_team_id`
BEGIN
  UPDATE `deals` SET `next_check_at` = 0
  WHERE `team_id` = NEW.`team_id` AND `owner_id` = NEW.`slack_id` AND `state` IN ('active', 'silent', 'nurture');
END;--> statement-breakpoint
CREATE TRIGGER `sales_teams_recheck_insert` AFTER INSERT ON `sales_teams` BEGIN
  UPDATE `deals` SET `next_check_at` = 0 WHERE `team_id` = NEW.`team_id` AND `state` IN ('active', 'silent', 'nurture');
END;--> statement-breakpoint
CREATE TRIGGER `sales_teams_recheck_update` AFTER UPDATE OF `name`, `timezone`, `thresholds`, `cadence`, `holidays` ON `sales_teams`
WHEN OLD.`name` IS NOT NEW.`name` OR OLD.`timezone` IS NOT NEW.`timezone` OR OLD.`thresholds` IS NOT NEW.`thresholds`
  OR OLD.`cadence` IS NOT NEW.`cadence` OR OLD.`holidays` IS NOT NEW.`holidays`
BEGIN
  UPDATE `deals` SET `next_check_at` = 0 WHERE `team_id` = NEW.`team_id` AND `state` IN ('active', 'silent', 'nurture');
END;--> statement-breakpoint
CREATE TRIGGER `sales_teams_recheck_delete` AFTER DELETE ON `sales_teams` BEGIN
  UPDATE `deals` SET `next_check_at` = 0 WHERE `team_id` = OLD.`team_id` AND `state` IN ('active', 'silent', 'nurture');
END;
