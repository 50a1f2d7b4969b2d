"""The service's unit tests: the pipeline's first stage (`python3 -m pytest app`)."""

import app as service
import pytest


@pytest.fixture
def client(monkeypatch, tmp_path):
    monkeypatch.setenv("API_TOKEN_FILE", str(tmp_path / "no-such-file"))
    monkeypatch.setenv("API_TOKEN", "test-token")
    return service.app.test_client()


def test_healthz(client):
    assert client.get("/healthz").status_code == 200


def test_items_need_the_token(client):
    assert client.get("/items").status_code == 401
    assert client.get("/items", headers={"Authorization": "Bearer wrong"}).status_code == 401


def test_items(client):
    resp = client.get("/items", headers={"Authorization": "Bearer test-token"})
    assert resp.status_code == 200
    assert {item["sku"] for item in resp.get_json()} == {"A-100", "B-220", "C-310"}
    assert resp.headers["ETag"]


def test_token_from_secret_file(client, monkeypatch, tmp_path):
    secret = tmp_path / "api_token"
    secret.write_text("from-file\n")
    monkeypatch.setenv("API_TOKEN_FILE", str(secret))
    assert client.get("/items", headers={"Authorization": "Bearer from-file"}).status_code == 200
    assert client.get("/items", headers={"Authorization": "Bearer test-token"}).status_code == 401


def test_resolve(client):
    resp = client.get("/resolve?name=localhost")
    assert resp.status_code == 200
    assert resp.get_json()["addresses"]


def test_resolve_is_not_a_shell(client, tmp_path):
    marker = tmp_path / "pwned"
    resp = client.get("/resolve", query_string={"name": f"localhost; touch {marker}"})
    assert not marker.exists(), "the name was run as a shell command"
    assert resp.status_code in (400, 404)


def test_report(client):
    resp = client.get("/report", query_string={"title": "Monday"})
    assert resp.status_code == 200
    assert "<h1>Monday</h1>" in resp.get_data(as_text=True)
    assert "barcode scanner" in resp.get_data(as_text=True)


def test_report_escapes_html(client):
    resp = client.get("/report", query_string={"title": "<script>alert(1)</script>"})
    assert "<script>" not in resp.get_data(as_text=True), "the title was not HTML-escaped"

