from unittest import mock

from django.test import TestCase, override_settings

from videos.client import create_task


@override_settings(VIBEPEAK_API_KEY="{{VPK_TEST:dj-unit}}")
class CreateTaskTests(TestCase):
    @mock.patch("videos.client.requests.post")
    def test_sends_bearer_key(self, post):
        post.return_value.json.return_value = {"id": "task_1"}
        create_task("a lighthouse at dawn")
        headers = post.call_args.kwargs["headers"]
        self.assertTrue(headers["Authorization"].startswith("Bearer vpk_"))
