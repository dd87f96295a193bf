-- Top 20 client IPs by bytes sent to them plus bytes received from them, a sign of scraping or exfiltration.
SELECT
    src_endpoint.ip AS src_ip,
    count(*) AS requests,
    sum(traffic.bytes_in) AS bytes_to_client,
    sum(traffic.bytes_out) AS bytes_from_client,
    coalesce(sum(traffic.bytes_in), 0) + coalesce(sum(traffic.bytes_out), 0) AS total_bytes
FROM events
GROUP BY src_ip
ORDER BY total_bytes DESC, src_ip
LIMIT 20
