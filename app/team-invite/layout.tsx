import { CenteredCardLayout } from "@/components/ui/centered-card-layout";

export default function TeamInviteLayout({ children }: { children: React.ReactNode }) {
  return <CenteredCardLayout>{children}</CenteredCardLayout>;
}
