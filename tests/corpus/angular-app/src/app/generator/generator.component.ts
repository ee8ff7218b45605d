import { Component, inject } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { environment } from '../../environments/environment';
import { VibepeakService } from '../services/vibepeak.service';

@Component({
  selector: 'app-generator',
  standalone: true,
  imports: [FormsModule],
  templateUrl: './generator.component.html',
})
export class GeneratorComponent {
  private readonly vibepeak = inject(VibepeakService);
  readonly apiUrl = environment.apiUrl;
  prompt = '';
}
