-- Requests for files attackers look for: .env, .git, backups, admin consoles, WordPress and PHP endpoints, Spring actuator.
SELECT
    time_dt AS time,
    src_endpoint.ip AS src_ip,
    coalesce(http_request.http_method, unmapped['http_method']) AS http_method,
    status_code,
    http_request.url.path AS path
FROM events
WHERE regexp_matches(lower(safe_url_decode(http_request.url.path)),
    '(^|/)\.(env|git|svn|hg|aws|ssh|htpasswd|htaccess|ds_store|docker)(/|$)|/wp-(login|admin|config)|/phpmyadmin|/xmlrpc\.php|/server-status|/actuator(/|$)|/cgi-bin/|/config\.php|/backup|\.(bak|old|sql|swp|tar|tgz|gz|7z|rar|zip)$')
ORDER BY time, src_ip
