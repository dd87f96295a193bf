-- Server-side request forgery probes: cloud metadata addresses, loopback targets or file/gopher URLs in the host, path or query string.
WITH requests AS (
    SELECT
        *,
        lower(coalesce(http_request.url.hostname, '')) || ' ' || decoded_target(http_request.url) AS decoded_target
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
    '169\.254\.169\.254|169\.254\.170\.2|fd00:ec2::254|metadata\.google\.internal|100\.100\.100\.200|/latest/(meta-data|user-data|api/token)|/computemetadata/|=\s*(https?://)?(127\.\d+\.\d+\.\d+|localhost|0\.0\.0\.0|\[::1?\])|(file|gopher|dict|ldap)://')
ORDER BY time, src_ip
