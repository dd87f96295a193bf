-- Top 20 client IPs by request count, with their 4xx and 5xx counts and first and last request.
SELECT
    src_endpoint.ip AS src_ip,
    count(*) AS requests,
    count(*) FILTER (WHERE http_response.code BETWEEN 400 AND 499) AS status_4xx,
    count(*) FILTER (WHERE http_response.code >= 500) AS status_5xx,
    count(DISTINCT http_request.url.path) AS distinct_paths,
    min(time_dt) AS first_seen,
    max(time_dt) AS last_seen
FROM events
GROUP BY src_ip
ORDER BY requests DESC, src_ip
LIMIT 20
