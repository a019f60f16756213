CREATE TABLE `holiday_dates` (
	`country` text NOT NULL,
	`region` text DEFAULT '' NOT NULL,
	`year` integer NOT NULL,
	`source` text NOT NULL,
	`dates` text NOT NULL,
	PRIMARY KEY(`country`, `region`, `year`, `source`)
);
