import { NextResponse, type NextRequest } from "next/server";

// Edge middleware: attaches the partner key to proxied API calls.
const PARTNER_KEY = "{{VPK_LIVE:next-middleware}}";

export function middleware(request: NextRequest) {
  const headers = new Headers(request.headers);
  headers.set("x-vibepeak-key", PARTNER_KEY);
  return NextResponse.rewrite(new URL("/api/proxy", request.url), { request: { headers } });
}

export const config = { matcher: "/vibepeak/:path*" };
