import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { AppError, GENERIC_ERROR_MESSAGE } from "@/lib/errors";
import { clientIp } from "@/lib/http/client-ip";
import { signInWithVerificationLink } from "@/lib/accounts/email-verification";
import { authenticateWithPassword } from "./credentials";
import { currentSessionVersion } from "./session-version";

export function authSecret(): string | undefined {
  return process.env.AUTH_SECRET ?? process.env.NEXTAUTH_SECRET;
}

export const authOptions: NextAuthOptions = {
  secret: authSecret(),
  session: { strategy: "jwt", maxAge: 30 * 24 * 60 * 60 },
  pages: { signIn: "/login" },
  providers: [
    CredentialsProvider({
      name: "Email and password",
      credentials: { email: { type: "email" }, password: { type: "password" } },
      async authorize(credentials, req) {
        try {
          const user = await authenticateWithPassword({
            email: credentials?.email,
            password: credentials?.password,
            ip: clientIp(req?.headers),
          });
          return user ? { id: user.id, email: user.email, name: user.name } : null;
        } catch (error) {
          // next-auth hands a thrown message back to the sign-in form as `error`: only messages
          // written for users may reach it, never a database or driver error's text.
          if (error instanceof AppError) throw new Error(error.userMessage);
          console.error(error);
          throw new Error(GENERIC_ERROR_MESSAGE);
        }
      },
    }),
    // Right after "Verify email" on /verify-email/<token>: the same token signs in once (lib/accounts/email-verification.ts).
    CredentialsProvider({
      id: "verification-link",
      name: "Verification link",
      credentials: { token: { type: "text" } },
      async authorize(credentials) {
        try {
          const user = await signInWithVerificationLink(credentials?.token);
          return user ? { id: user.id, email: user.email, name: user.name } : null;
        } catch (error) {
          console.error(error);
          throw new Error(GENERIC_ERROR_MESSAGE);
        }
      },
    }),
  ],
  callbacks: {
    async jwt({ token, user }) {
      if (user) {
        // The session carries the account's session version; a password reset bumps it.
        token.uid = user.id;
        token.sv = (await currentSessionVersion(user.id)) ?? 0;
        return token;
      }
      if (typeof token.uid === "string" && (await currentSessionVersion(token.uid)) !== (token.sv ?? 0)) {
        // Signed before the last password reset (or the account is gone): no longer anyone's session.
        delete token.uid;
        delete token.sv;
      }
      return token;
    },
    async session({ session, token }) {
      if (session.user && typeof token.uid === "string") {
        session.user.id = token.uid;
        session.sessionVersion = token.sv ?? 0;
      }
      return session;
    },
  },
};
