// The error a call was refused with (an AppError in practice); fails the test if it succeeded.
import type { AppError } from "../../app/errors/app-error";

export async function refusal(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    return error as AppError;
  }
  throw new Error("expected a refusal");
}
