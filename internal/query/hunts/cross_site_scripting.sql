-- Cross-site scripting patterns (script tags, event handlers, javascript: URLs) in the URL-decoded path and query string.
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
    '<\s*/?\s*(script|iframe|svg|object|embed)\b|javascript\s*:|\bon(error|load|mouseover|focus|click|toggle)\s*=|<img[^>]*\bsrc|document\.(cookie|domain)|\balert\s*\(|\beval\s*\(')
ORDER BY time, src_ip
