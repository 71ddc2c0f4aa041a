-- A unit's request for more time still waiting when it replied ended with the reply from
-- then on; requests left waiting before that are stale: on a ticket past the unit's work, or
-- older than the handling clock running now (asked in a round before a 重办). They blocked
-- asking again and could be approved onto the new round's clock.
UPDATE tickets SET data = json_set(data, '$.extension_request', json('null'))
 WHERE json_type(data, '$.extension_request') = 'object'
   AND (state NOT IN ('dispatched', 'processing', 'return_requested', 'suspended')
        OR julianday(json_extract(data, '$.extension_request.at'))
           < julianday(json_extract(data, '$.clocks.handling.started_at')));
