"""An independent harvester (oaipmh-scythe) pointed at the site through Django's test client."""

from urllib.parse import urlencode

import httpx2
from lxml import etree
from oaipmh_scythe import HTTPConfig, Scythe

OAI = "{http://www.openarchives.org/OAI/2.0/}"
DC = "{http://purl.org/dc/elements/1.1/}"
ENDPOINT = "http://testserver/oai/"


class DjangoTransport(httpx2.BaseTransport):
    """Sends the harvester's requests through Django's test client (same database, same transaction)."""

    def __init__(self, client):
        self.client = client
        self.requests = 0

    def handle_request(self, request):
        self.requests += 1
        path = request.url.path
        query = request.url.query.decode()
        if request.method == "POST":
            response = self.client.generic(
                "POST", path, request.read(), content_type=request.headers.get("content-type", "")
            )
        else:
            response = self.client.get(f"{path}?{query}" if query else path)
        return httpx2.Response(
            response.status_code, headers={"content-type": response["Content-Type"]}, content=response.content
        )


def harvester(client, method="GET"):
    scythe = Scythe(ENDPOINT, http_config=HTTPConfig(http_method=method))
    transport = DjangoTransport(client)
    scythe._client = httpx2.Client(transport=transport, headers={"Accept": "text/xml"})
    scythe.transport = transport
    return scythe


def oai(client, method="get", **params):
    """The parsed answer of one request to /oai/ (GET or POST)."""
    if method == "post":
        body = urlencode(params, doseq=True)
        response = client.post("/oai/", body, content_type="application/x-www-form-urlencoded")
    else:
        response = client.get("/oai/", params)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/xml")
    return etree.fromstring(response.content)


def error_code(root):
    error = root.find(f"{OAI}error")
    return error.get("code") if error is not None else None
