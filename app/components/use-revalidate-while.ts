import { useRevalidator } from "@remix-run/react";
import { useEffect } from "react";

/** Reloads the page's data every second while background work it shows is running (batch evaluation, re-analysis). */
export function useRevalidateWhile(running: boolean): void {
  const revalidator = useRevalidator();
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => {
      if (revalidator.state === "idle") revalidator.revalidate();
    }, 1000);
    return () => clearInterval(timer);
  }, [running, revalidator]);
}
