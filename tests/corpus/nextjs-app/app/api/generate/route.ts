import { NextResponse } from "next/server";
import { z } from "zod";

const Body = z.object({ prompt: z.string().min(1), duration: z.number().max(60) });

const VIBEPEAK_API_KEY = process.env.VIBEPEAK_API_KEY ?? "{{VPK_LIVE:next-route}}";

export async function POST(request: Request) {
  const body = Body.parse(await request.json());
  const response = await fetch("https://api.vibepeak.ai/v1/tasks", {
    method: "POST",
    headers: {
      Authorization: `Bearer ${VIBEPEAK_API_KEY}`,
      "Content-Type": "application/json",
    },
    body: JSON.stringify(body),
  });
  return NextResponse.json(await response.json(), { status: response.status });
}
