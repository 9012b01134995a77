import { CenteredCardLayout } from "@/components/ui/centered-card-layout";

export default function JoinLayout({ children }: { children: React.ReactNode }) {
  return <CenteredCardLayout wide>{children}</CenteredCardLayout>;
}
