-- Authentication failures (401, 403 not from WAF, 561, or an Auth error_reason from the authenticate action), by client and path.
SELECT
    src_endpoint.ip AS src_ip,
    http_request.url.path AS path,
    count(*) AS failures,
    string_agg(DISTINCT status_code, ',' ORDER BY status_code) AS status_codes,
    string_agg(DISTINCT status_detail, ',' ORDER BY status_detail) AS error_reasons,
    min(time_dt) AS first_seen,
    max(time_dt) AS last_seen
FROM events
WHERE (
        http_response.code IN (401, 403, 561)
        AND list_last(string_split(unmapped['actions_executed'], ',')) IS DISTINCT FROM 'waf'
    )
    OR status_detail LIKE 'Auth%'
GROUP BY src_ip, path
ORDER BY failures DESC, src_ip, path
