import "dotenv/config";
import express from "express";
import helmet from "helmet";
import { videos } from "./routes/videos.js";

const app = express();
app.use(helmet());
app.use(express.json());
app.use(express.static("public"));
app.use("/videos", videos);

app.listen(Number(process.env.PORT ?? 8080), () => {
  console.log("vibe-render-api listening");
});
