"""Thin client for the VibePeak API, used by the views and the Celery tasks."""

import requests
from django.conf import settings


def create_task(prompt: str) -> dict:
    response = requests.post(
        f"{settings.VIBEPEAK_API_URL}/tasks",
        headers={"Authorization": f"Bearer {settings.VIBEPEAK_API_KEY}"},
        json={"prompt": prompt},
        timeout=30,
    )
    response.raise_for_status()
    return response.json()
