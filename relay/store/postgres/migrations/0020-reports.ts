import type { PostgresMigration } from '../migrate-postgres.js'

/**
 * What reports, business hours, SLAs and ratings keep: each team's calendar, SLA and rating question;
 * each conversation's SLA clock, latest rating and open rating question; one row of facts per ticket;
 * hourly counts of messages, templates, saves and refusals per account and agent; agents' time online.
 */
export const postgresMigration0020: PostgresMigration = {
  version: 20,
  name: 'reports',
  up: async (client) => {
    await client.query(`
      ALTER TABLE teams ADD COLUMN business_hours_json TEXT;
      ALTER TABLE teams ADD COLUMN sla_json TEXT;
      ALTER TABLE teams ADD COLUMN satisfaction_json TEXT;
      -- The SLA clock: the follower's oldest message no agent answered yet, and the ticket's first reply.
      ALTER TABLE conversations ADD COLUMN awaiting_reply_since BIGINT;
      ALTER TABLE conversations ADD COLUMN ticket_replied_at BIGINT;
      -- The follower's latest rating (JSON) and the rating question awaiting an answer (JSON).
      ALTER TABLE conversations ADD COLUMN rating_json TEXT;
      ALTER TABLE conversations ADD COLUMN rating_question_json TEXT;
      -- One row per ticket, kept from the log's events in each commit (relay/reports/ticket-facts.ts).
      CREATE TABLE ticket_facts (
        conversation_id TEXT NOT NULL,
        ticket_number BIGINT NOT NULL,
        account_key TEXT NOT NULL,
        opened_at BIGINT NOT NULL,
        last_incoming_at BIGINT NOT NULL,
        -- When the reply window of the follower's latest message closes.
        window_closes_at BIGINT,
        first_response_at BIGINT,
        first_response_by TEXT,
        first_response_business_ms BIGINT,
        status TEXT NOT NULL,
        resolved_at BIGINT,
        resolved_by TEXT,
        resolution_business_ms BIGINT,
        reopened_count BIGINT NOT NULL DEFAULT 0,
        assignee TEXT,
        team_id TEXT,
        tag_ids_json TEXT NOT NULL DEFAULT '[]',
        -- The follower's oldest message no agent answered yet: the next-response clock.
        awaiting_since BIGINT,
        first_response_breached BIGINT NOT NULL DEFAULT 0,
        next_response_breaches BIGINT NOT NULL DEFAULT 0,
        rating BIGINT,
        rated_at BIGINT,
        rating_asked_at BIGINT,
        PRIMARY KEY (conversation_id, ticket_number)
      );
      -- Each report read is a range scan of one of these, covering every column it filters on or
      -- reads: a 90-day report never visits the table's rows.
      CREATE INDEX ticket_facts_by_opened ON ticket_facts (opened_at, account_key, team_id, assignee,
        first_response_by, tag_ids_json, ticket_number, reopened_count, first_response_breached,
        next_response_breaches, first_response_at, first_response_business_ms);
      CREATE INDEX ticket_facts_by_resolved ON ticket_facts (resolved_at, account_key, team_id, assignee,
        first_response_by, tag_ids_json, opened_at, resolution_business_ms, resolved_by)
        WHERE resolved_at IS NOT NULL;
      CREATE INDEX ticket_facts_by_window ON ticket_facts (window_closes_at) WHERE first_response_at IS NULL;
      CREATE INDEX ticket_facts_by_rating ON ticket_facts (rating_asked_at, account_key, team_id, assignee,
        first_response_by, tag_ids_json, rating) WHERE rating_asked_at IS NOT NULL;
      -- Counts per account, hour and agent ('' for none): messages in and out, templates, saves, refusals.
      CREATE TABLE report_volume (
        hour_start BIGINT NOT NULL,
        account_key TEXT NOT NULL,
        username TEXT NOT NULL,
        kind TEXT NOT NULL,
        count BIGINT NOT NULL,
        PRIMARY KEY (hour_start, account_key, username, kind)
      );
      -- Each agent's time online, extended while it lasts (relay/reports/online-time.ts).
      CREATE TABLE online_spans (
        username TEXT NOT NULL,
        started_at BIGINT NOT NULL,
        ended_at BIGINT NOT NULL,
        PRIMARY KEY (username, started_at)
      );
      CREATE INDEX online_spans_by_end ON online_spans (ended_at);
    `)
  },
}
