-- A unit's request for more time still waiting when it replied ended with the reply from
-- then on; requests left waiting before that are stale: on a ticket past the unit's work, or
-- older than the handling clock running now (asked in a round before a 重办). They blocked
-- asking again and could be approved onto the new round's clock.
UPDATE tickets SET data = jsonb_set(data::jsonb, '{extension_request}', 'null'::jsonb)::text
 WHERE json_typeof(data::json -> 'extension_request') = 'object'
   AND (state NOT IN ('dispatched', 'processing', 'return_requested', 'suspended')
        OR (data::json -> 'extension_request' ->> 'at')::timestamptz
           < (data::json -> 'clocks' -> 'handling' ->> 'started_at')::timestamptz);
