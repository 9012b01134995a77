import { appUrl } from "@/lib/app-url";

/** The public join URL of a group, as the vendor copies and shares it. */
export function groupJoinUrl(joinKey: string): string {
  return appUrl(`/join/${joinKey}`);
}
