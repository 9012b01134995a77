"use client";

import { useState, useSyncExternalStore } from "react";
import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { Field, FormMessage } from "@/components/ui/field";

const noSubscription = () => () => {};

/** False in the server's HTML and until React has hydrated it, true from then on. */
function useHydrated(): boolean {
  return useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
}

/**
 * Email + password sign-in; also used inline on join and invite pages. Signing in runs in the
 * browser (next-auth), so the button waits for hydration: a click before it would submit the form
 * natively. The form posts in that case anyway, so a password never ends up in a URL.
 */
export function LoginForm({ callbackUrl, defaultEmail, emailReadOnly }: { callbackUrl: string; defaultEmail?: string; emailReadOnly?: boolean }) {
  const router = useRouter();
  const hydrated = useHydrated();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    const result = await signIn("credentials", {
      email: String(data.get("email") ?? ""),
      password: String(data.get("password") ?? ""),
      redirect: false,
    });
    if (result?.ok && !result.error) {
      router.replace(callbackUrl);
      router.refresh();
      return;
    }
    setPending(false);
    setError(result?.error && result.error !== "CredentialsSignin" ? result.error : "Invalid email or password.");
  }

  return (
    <form aria-label="Log in" method="post" className="mt-6 space-y-4" onSubmit={onSubmit}>
      {error ? <FormMessage tone="error">{error}</FormMessage> : null}
      <Field
        label="Email"
        name="email"
        type="email"
        autoComplete="email"
        required
        defaultValue={defaultEmail}
        readOnly={emailReadOnly}
      />
      <Field label="Password" name="password" type="password" autoComplete="current-password" required />
      <Button type="submit" className="w-full" disabled={pending || !hydrated}>
        {pending ? "Logging in…" : "Log in"}
      </Button>
    </form>
  );
}
