-- Clients that negotiated a TLS version below 1.2 (SSLv3, TLSv1, TLSv1.1), by client and version.
SELECT
    src_endpoint.ip AS src_ip,
    tls.version AS tls_version,
    tls.cipher AS cipher,
    count(*) AS requests,
    min(time_dt) AS first_seen,
    max(time_dt) AS last_seen
FROM events
WHERE tls.version IN ('SSLv2', 'SSLv3', 'TLSv1', 'TLSv1.0', 'TLSv1.1')
GROUP BY src_ip, tls_version, cipher
ORDER BY requests DESC, src_ip, tls_version
