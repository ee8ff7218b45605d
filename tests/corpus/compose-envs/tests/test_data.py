import pytest
from fastapi.testclient import TestClient

from app.main import app

API_KEY = "{{VPK_LIVE:compose-pytest}}"


@pytest.fixture
def client(monkeypatch):
    monkeypatch.setenv("VIBEPEAK_API_KEY", API_KEY)
    return TestClient(app)


def test_render_status(client):
    assert client.get("/renders/task_123").status_code in (200, 404)
