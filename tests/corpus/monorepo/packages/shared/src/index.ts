export const TASKS_PATH = "/v1/tasks";
export const KEY_ENV_VAR = "VIBEPEAK_API_KEY";
