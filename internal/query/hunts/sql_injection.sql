-- SQL injection patterns (UNION SELECT, quoted OR/AND tautologies, stacked queries, time delays) in the URL-decoded path and query string.
WITH requests AS (
    SELECT
        *,
        decoded_target(http_request.url) AS decoded_target
    FROM events
)
SELECT
    time_dt AS time,
    src_endpoint.ip AS src_ip,
    coalesce(http_request.http_method, unmapped['http_method']) AS http_method,
    status_code,
    list_last(string_split(unmapped['actions_executed'], ',')) = 'waf' AS waf_blocked,
    http_request.url.url_string AS url
FROM requests
WHERE regexp_matches(decoded_target,
    'union[\s+]+(all[\s+]+)?select|''[\s+]*(or|and)[\s+]+''?\d+''?[\s+]*=[\s+]*''?\d|''[\s+]*(or|and)[\s+]+''[^'']*''[\s+]*=[\s+]*''|\b(sleep|benchmark|pg_sleep)\s*\(|waitfor[\s+]+delay|information_schema\.|;[\s+]*(drop|insert|update|delete|select)[\s+]|xp_cmdshell|/\*[^/]*\*/\s*(select|union|from|where|or|and)\b|\b(select|union|from|where|or|and)\s*/\*')
ORDER BY time, src_ip
