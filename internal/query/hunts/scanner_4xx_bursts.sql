-- Clients with 10 or more 4xx responses within one minute, the pattern of a content scanner or fuzzer.
SELECT
    src_endpoint.ip AS src_ip,
    date_trunc('minute', time_dt) AS minute,
    count(*) AS responses_4xx,
    count(DISTINCT http_request.url.path) AS distinct_paths,
    string_agg(DISTINCT status_code, ',' ORDER BY status_code) AS status_codes,
    any_value(http_request.user_agent) AS sample_user_agent
FROM events
WHERE http_response.code BETWEEN 400 AND 499
GROUP BY src_ip, minute
HAVING count(*) >= 10
ORDER BY responses_4xx DESC, src_ip, minute
