-- Requests that HTTP desync mitigation classified Ambiguous or Severe, with the classification reason.
SELECT
    time_dt AS time,
    src_endpoint.ip AS src_ip,
    load_balancer.classification AS classification,
    load_balancer.status_detail AS classification_reason,
    coalesce(http_request.http_method, unmapped['http_method']) AS http_method,
    status_code,
    http_request.url.url_string AS url
FROM events
WHERE load_balancer.classification IS NOT NULL
    AND load_balancer.classification <> 'Acceptable'
ORDER BY time, src_ip
