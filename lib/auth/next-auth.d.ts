import "next-auth";
import "next-auth/jwt";

declare module "next-auth" {
  interface Session {
    user: { id: string; email: string; name: string };
    /** The account's session version this session was signed with (lib/auth/session-version.ts). */
    sessionVersion?: number;
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    uid?: string;
    /** users.session_version when the session was signed; tokens from before versions count as 0. */
    sv?: number;
  }
}
