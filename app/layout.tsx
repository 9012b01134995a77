import type { Metadata } from "next";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Partner Program", template: "%s · Partner Program" },
  description: "Recruit, organise and manage your partners.",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen font-sans">{children}</body>
    </html>
  );
}
