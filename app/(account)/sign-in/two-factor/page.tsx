import type { Metadata } from "next";
import { SecondFactorPage } from "@/app/(account)/sign-in/two-factor/second-factor-page";

export const metadata: Metadata = { title: "Two-factor authentication" };

export default function ApexSecondFactorPage() {
  return <SecondFactorPage />;
}
