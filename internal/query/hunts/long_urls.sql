-- Requests whose URL is longer than 1024 characters, a sign of buffer overflow attempts, injection payloads or data smuggled in the query string.
SELECT
    time_dt AS time,
    src_endpoint.ip AS src_ip,
    coalesce(http_request.http_method, unmapped['http_method']) AS http_method,
    status_code,
    length(http_request.url.url_string) AS url_length,
    left(http_request.url.url_string, 120) AS url_prefix
FROM events
WHERE length(http_request.url.url_string) > 1024
ORDER BY url_length DESC, time, src_ip
