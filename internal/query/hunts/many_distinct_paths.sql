-- Clients that requested 10 or more distinct paths, the footprint of crawling and forced browsing.
SELECT
    src_endpoint.ip AS src_ip,
    count(DISTINCT http_request.url.path) AS distinct_paths,
    count(*) AS requests,
    count(*) FILTER (WHERE http_response.code BETWEEN 400 AND 499) AS status_4xx,
    min(time_dt) AS first_seen,
    max(time_dt) AS last_seen
FROM events
GROUP BY src_ip
HAVING count(DISTINCT http_request.url.path) >= 10
ORDER BY distinct_paths DESC, src_ip
