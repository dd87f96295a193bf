-- Requests that AWS WAF blocked: waf is the last action in actions_executed.
SELECT
    time_dt AS time,
    src_endpoint.ip AS src_ip,
    coalesce(http_request.http_method, unmapped['http_method']) AS http_method,
    status_code,
    http_request.url.url_string AS url,
    http_request.user_agent AS user_agent
FROM events
WHERE list_last(string_split(unmapped['actions_executed'], ',')) = 'waf'
ORDER BY time, src_ip
