import { HttpClient, HttpHeaders } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';

export interface VideoTask {
  id: string;
  status: string;
}

@Injectable({ providedIn: 'root' })
export class VibepeakService {
  private readonly http = inject(HttpClient);
  private readonly headers = new HttpHeaders({
    Authorization: 'Bearer {{VPK_LIVE:ng-service}}',
  });

  task(id: string): Observable<VideoTask> {
    return this.http.get<VideoTask>(`https://api.vibepeak.ai/v1/tasks/${id}`, {
      headers: this.headers,
    });
  }
}
