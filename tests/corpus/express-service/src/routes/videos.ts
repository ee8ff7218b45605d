import { Router } from "express";
import { z } from "zod";
import { vibepeak } from "../lib/vibepeak.js";

export const videos = Router();

const Create = z.object({ prompt: z.string().min(3) });

videos.post("/", async (req, res) => {
  const { prompt } = Create.parse(req.body);
  res.status(201).json(await vibepeak.createTask(prompt));
});
