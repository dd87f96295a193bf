-- 5xx responses by target (IP:port, or the target group when no target was reached) and by target status.
SELECT
    load_balancer.dst_endpoint.ip || ':' || load_balancer.dst_endpoint.port AS target,
    dst_endpoint.uid AS target_group,
    status_code,
    load_balancer.code AS target_status_code,
    count(*) AS responses
FROM events
WHERE http_response.code >= 500
GROUP BY ALL
ORDER BY responses DESC, target NULLS LAST, target_group, status_code
