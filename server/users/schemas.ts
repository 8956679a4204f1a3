import { z } from "zod";

export const ZEmail = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, "Use at most 254 characters.")
  .email("Enter a valid email address.");

export const ZPassword = z
  .string()
  .min(10, "Use at least 10 characters.")
  .max(200, "Use at most 200 characters.");

export const ZPersonName = z.string().trim().min(1, "Enter your name.").max(100, "Use at most 100 characters.");
