import { redirect } from "next/navigation";
import { getCurrentUser, hasVendorMembership } from "@/lib/auth/session";

export default async function Home() {
  const user = await getCurrentUser();
  if (!user) redirect("/login");
  redirect((await hasVendorMembership(user.id)) ? "/overview" : "/portal");
}
