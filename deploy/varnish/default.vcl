# Varnish in front of the compendium's app servers (deploy/gunicorn.conf.py).
#
# Caches visitors' public pages, as their Cache-Control says (s-maxage), and
# passes everything personal: a request carrying the session or messages cookie,
# the admin, the portal, the sign-in pages, the health checks and anything but
# GET and HEAD. PURGE is accepted from this host only: `PURGE /path` forgets that
# address at every query string, `PURGE /path/*` every address under /path/
# (compendium/purge.py sends both after a release; Wagtail sends the first
# after a page is published).
#
# The backends are the two app servers `make prod-local` starts; a deployment
# lists its own here.
vcl 4.1;

import directors;

# A backend is taken out when it refuses connections or fails its probes, not
# when it is busy: the probe waits in the app server's queue behind the
# requests it is serving, so a short timeout marked both app servers sick under
# load (tests/benchmarks/bench_load.py: every search and save answered 503),
# turning slowness into an outage.
probe live {
    .request =
        "GET /health/live HTTP/1.1"
        "Host: localhost"
        "Connection: close";
    .interval = 5s;
    .timeout = 20s;
    .window = 5;
    .threshold = 3;
}

backend app1 {
    .host = "127.0.0.1";
    .port = "8001";
    .probe = live;
}

backend app2 {
    .host = "127.0.0.1";
    .port = "8002";
    .probe = live;
}

acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_init {
    new apps = directors.round_robin();
    apps.add_backend(app1);
    apps.add_backend(app2);
}

sub vcl_recv {
    set req.backend_hint = apps.backend();

    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(405, "Purging is not allowed from your address."));
        }
        if (req.url ~ "\*$") {
            ban("obj.http.x-url ~ ^" + regsub(req.url, "\*$", ""));
            return (synth(200, "Banned"));
        }
        if (req.url !~ "\?") {
            # A page's address at every query string (/compendium/?pillar=I):
            # the browse page a release changes is cached once per view.
            ban("obj.http.x-url ~ ^" + req.url + "(\?|$)");
            return (synth(200, "Banned"));
        }
        return (purge);
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    if (req.url ~ "^/(admin|contribute|accounts|health|language)(/|$)") {
        return (pass);
    }
    if (req.http.Authorization) {
        return (pass);
    }
    if (req.http.Cookie ~ "(^|;\s*)(sessionid|messages)=") {
        return (pass);
    }
    # Any other cookie (a stale CSRF token, analytics) changes nothing on a
    # public page.
    unset req.http.Cookie;
    return (hash);
}

sub vcl_hash {
    # One site: the address alone names a page, whichever host name was asked
    # for, so that a purge sent to 127.0.0.1 reaches it.
    hash_data(req.url);
    return (lookup);
}

sub vcl_backend_response {
    # Kept with the object, for bans by address (PURGE /path/*).
    set beresp.http.x-url = bereq.url;
    if (beresp.http.Set-Cookie
        || beresp.http.Cache-Control !~ "public"
        || beresp.http.Cache-Control ~ "(private|no-store|no-cache)") {
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
}

sub vcl_deliver {
    unset resp.http.x-url;
    if (obj.hits > 0) {
        set resp.http.X-Cache = "hit";
        # A kept page holds the id of the request that filled the cache; a
        # hit answers with the caller's own id, or Varnish's for it.
        if (req.http.X-Request-ID ~ "^[A-Za-z0-9._:@-]{8,128}$") {
            set resp.http.X-Request-ID = req.http.X-Request-ID;
        } else {
            set resp.http.X-Request-ID = "varnish-" + req.xid;
        }
    } else {
        set resp.http.X-Cache = "miss";
    }
}
