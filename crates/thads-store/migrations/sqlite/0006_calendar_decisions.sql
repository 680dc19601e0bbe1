-- The Prime Minister's yearly decisions on the working-day calendar, as an
-- administrator records them (`thads calendar set`): a day off, or a day
-- worked, with the reason. They take precedence over the decisions thads
-- ships (rules/calendar.toml) for the same day. Each change is audited.

CREATE TABLE calendar_decision (
    day    BIGINT NOT NULL PRIMARY KEY, -- yyyymmdd
    kind   TEXT   NOT NULL CHECK (kind IN ('off', 'working')),
    reason TEXT   NOT NULL
);
