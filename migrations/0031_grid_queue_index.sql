-- Queues sort open requests by escalation level, then deadline: an index in that order lets a
-- page of a centre's queue be read without sorting every open request of its subtree.
CREATE INDEX grid_requests_queue ON grid_requests (escalation_level DESC, deadline, submitted_at)
  WHERE state IN ('submitted', 'accepted', 'in_progress', 'waiting_reporter', 'returned');
