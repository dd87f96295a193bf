-- Requests with a method other than GET, POST, HEAD, PUT, PATCH, DELETE and OPTIONS (TRACE, CONNECT, WebDAV), by method and client.
SELECT
    coalesce(http_request.http_method, unmapped['http_method'], '') AS http_method,
    src_endpoint.ip AS src_ip,
    count(*) AS requests,
    string_agg(DISTINCT status_code, ',' ORDER BY status_code) AS status_codes,
    min(time_dt) AS first_seen
FROM events
WHERE coalesce(http_request.http_method, unmapped['http_method'], '')
    NOT IN ('GET', 'POST', 'HEAD', 'PUT', 'PATCH', 'DELETE', 'OPTIONS')
GROUP BY ALL
ORDER BY requests DESC, http_method, src_ip
