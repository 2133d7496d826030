"""The script a user might write instead of `juspay-customer send`: the
standard library's http.client, one keep-alive connection per thread, every
record of a CSV posted once as a form body. No journal, no retries, no
resume, no check: the floor of what `send` adds its safety to.

Usage: python3 benches/send_peer.py BASE_URL CONCURRENCY FILE.csv
"""
import base64
import csv
import http.client
import os
import sys
import threading
import urllib.parse
from concurrent.futures import ThreadPoolExecutor

base, concurrency, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
url = urllib.parse.urlsplit(base)
auth = "Basic " + base64.b64encode((os.environ["JUSPAY_API_KEY"] + ":").encode()).decode()
local = threading.local()


def post(row):
    conn = getattr(local, "conn", None)
    if conn is None:
        conn = local.conn = http.client.HTTPConnection(url.hostname, url.port)
    body = urllib.parse.urlencode({k: v for k, v in row.items() if v})
    conn.request("POST", "/customers", body, {
        "Authorization": auth,
        "x-merchantid": "m",
        "Content-Type": "application/x-www-form-urlencoded",
    })
    response = conn.getresponse()
    response.read()
    return response.status


with open(path, newline="", encoding="utf-8") as f:
    rows = csv.DictReader(f)
    with ThreadPoolExecutor(concurrency) as pool:
        statuses = list(pool.map(post, rows, chunksize=64))
ok = sum(1 for s in statuses if s == 200)
print(f"{ok} of {len(statuses)} created", file=sys.stderr)
sys.exit(0 if ok == len(statuses) else 1)
