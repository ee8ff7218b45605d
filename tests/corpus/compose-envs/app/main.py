import os

import httpx
from fastapi import FastAPI

app = FastAPI()
VIBEPEAK = httpx.AsyncClient(
    base_url="https://api.vibepeak.ai/v1",
    headers={"Authorization": f"Bearer {os.environ['VIBEPEAK_API_KEY']}"},
)


@app.get("/renders/{task_id}")
async def render_status(task_id: str) -> dict:
    response = await VIBEPEAK.get(f"/tasks/{task_id}")
    response.raise_for_status()
    return response.json()
